package dev.booking.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Stores the seats of shows and hands each seat to at most one user.
 *
 * <p>The heart of the contract is {@link #tryBook}: a conditional update, "book this seat ONLY IF it
 * is empty", executed atomically by the store. However many callers race for one seat, in however
 * many processes, exactly one gets {@link BookingResult.Booked}; every other gets
 * {@link BookingResult.Taken} (or {@link BookingResult.AlreadyYours} if it is the same user).
 *
 * <p>Error handling: invalid arguments raise {@link IllegalArgumentException} before anything is
 * written; failures of the store raise {@link BookingException}; contention is always a result.
 *
 * <p>Thread-safety: implementations must be safe to share between any number of threads; one
 * instance per store is the intended use. Implementations are checked by the compatibility kit in
 * {@code booking-tck}.
 */
public interface SeatRepository {

    /**
     * Books {@code seat} for {@code user} if, and only if, it is empty.
     *
     * @param seat the seat to claim
     * @param user who claims it
     * @return {@link BookingResult.Booked} if this call claimed it, {@link BookingResult.AlreadyYours}
     *         if {@code user} already owned it, {@link BookingResult.Taken} if another user owns it,
     *         {@link BookingResult.NoSuchSeat} if it was never added
     * @throws IllegalArgumentException if an argument is null
     * @throws BookingException         if the store fails
     */
    BookingResult tryBook(SeatId seat, UserId user);

    /**
     * Adds empty seats to a show. Idempotent: a seat that exists already is left exactly as it is
     * (its owner and version included), so this may be repeated or run by several instances.
     *
     * @param show    the show
     * @param numbers the seat numbers; duplicates are allowed; each must be a valid seat number
     * @throws IllegalArgumentException if an argument or any seat number is invalid; nothing is added then
     * @throws BookingException         if the store fails
     */
    void addSeats(ShowId show, Collection<String> numbers);

    /**
     * Reads one seat.
     *
     * @param seat the seat
     * @return its current state, or empty if it was never added
     * @throws IllegalArgumentException if {@code seat} is null
     * @throws BookingException         if the store fails
     */
    Optional<SeatState> findSeat(SeatId seat);

    /**
     * Lists every seat of a show with its state, ordered by seat number as {@link String#compareTo}
     * orders them, whatever the store's own collation.
     *
     * @param show the show
     * @return the seats, empty if the show has none
     * @throws IllegalArgumentException if {@code show} is null
     * @throws BookingException         if the store fails
     */
    List<SeatState> listSeats(ShowId show);
}
