package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.time.Duration;
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
 * <p>Beyond one claim, a seat has a lifecycle: it can be {@linkplain #claim held} for a while
 * and then {@linkplain #confirm confirmed} or left to expire, {@linkplain #release(BookingReference,
 * UserId) released} by its owner, and claimed together with other seats, all or nothing. The clock
 * that decides expiry is the store's (see the adapter); a hold that has expired counts as free in
 * every claim at once, so correctness never waits for {@link #sweepExpiredHolds}.
 *
 * <p>Error handling: invalid arguments raise {@link IllegalArgumentException} before anything is
 * written; failures of the store raise {@link BookingException}; contention is always a result.
 *
 * <p>Thread-safety: implementations must be safe to share between any number of threads; one
 * instance per store is the intended use. Implementations are checked by the compatibility kit in
 * {@code booking-tck}.
 */
public interface SeatRepository {

    /** The most seats one {@link #sweepExpiredHolds} call may clear. */
    int MAX_SWEEP_LIMIT = 10_000;

    /**
     * Books {@code seat} for {@code user} if, and only if, it is empty (a hold that has expired
     * counts as empty), under a new {@link BookingReference}.
     *
     * @param seat the seat to claim
     * @param user who claims it
     * @return {@link BookingResult.Booked} if this call claimed it, {@link BookingResult.AlreadyYours}
     *         if {@code user} already held or owned it, {@link BookingResult.Taken} if another user owns it,
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

    /**
     * Holds or books every seat of {@code request}, or none. Seats are free when they are empty or
     * their hold has expired; they are claimed in the request's sorted order, so overlapping
     * requests never deadlock. A request whose reference already names the same seats for the same
     * user is not claimed again: it gets the original {@link ClaimResult.Claimed} back. A reference
     * names one claim for good: the first claim that succeeds under it binds it to its show, user
     * and seats, even after they are released or lapse, and any other claim under it is
     * {@link ClaimResult.ReferenceInUse}; of concurrent claims of different seats under one
     * reference, at most one succeeds. A claim that does not succeed binds nothing.
     *
     * @param request what to claim, for whom, for how long
     * @return {@link ClaimResult.Claimed} if every seat is now the user's; otherwise nothing changed
     *         and the result names the seats that are {@linkplain ClaimResult.Unavailable unavailable}
     *         or {@linkplain ClaimResult.NoSuchSeats missing}, or says the
     *         {@linkplain ClaimResult.ReferenceInUse reference is in use}
     * @throws IllegalArgumentException if {@code request} is null
     * @throws BookingException         if the store fails; then the claim may or may not have been
     *                                  made, and sending the same request again tells which
     */
    ClaimResult claim(ClaimRequest request);

    /**
     * Holds one seat for {@code user} for {@code holdFor}: shorthand for
     * {@code claim(ClaimRequest.hold(seat.show(), user, holdFor, seat.number()))}.
     *
     * @throws IllegalArgumentException if an argument is invalid
     * @throws BookingException         if the store fails
     */
    default ClaimResult hold(SeatId seat, UserId user, Duration holdFor) {
        Arguments.requirePresent("seat", seat);
        return claim(ClaimRequest.hold(seat.show(), user, holdFor, seat.number()));
    }

    /**
     * Turns the hold named by {@code reference} into a booking, all seats or none, if it is still
     * held by {@code user} and has not expired. Confirming a booked group again answers
     * {@link ConfirmResult.Confirmed} and changes nothing.
     *
     * @param reference the hold's reference
     * @param user      who holds it
     * @return {@link ConfirmResult.Confirmed}, or {@link ConfirmResult.Lapsed} or
     *         {@link ConfirmResult.NotYours} with nothing changed
     * @throws IllegalArgumentException if an argument is null
     * @throws BookingException         if the store fails
     */
    ConfirmResult confirm(BookingReference reference, UserId user);

    /**
     * Frees every seat held or booked under {@code reference}, if {@code user} owns them; the seats
     * can be claimed at once.
     *
     * @param reference the group's reference
     * @param user      its owner
     * @return {@link ReleaseResult.Released}, or {@link ReleaseResult.NotYours} or
     *         {@link ReleaseResult.NothingToRelease} with nothing changed
     * @throws IllegalArgumentException if an argument is null
     * @throws BookingException         if the store fails
     */
    ReleaseResult release(BookingReference reference, UserId user);

    /**
     * Frees one seat held or booked by {@code user}; the rest of its group stays as it is.
     *
     * @param seat the seat
     * @param user its owner
     * @return {@link ReleaseResult.Released}, or {@link ReleaseResult.NotYours} or
     *         {@link ReleaseResult.NothingToRelease} with nothing changed
     * @throws IllegalArgumentException if an argument is null
     * @throws BookingException         if the store fails
     */
    ReleaseResult release(SeatId seat, UserId user);

    /**
     * Clears up to {@code limit} holds that have expired, making their seats plainly empty, and
     * tells the listener one {@link BookingEvent.Type#EXPIRED} event per seat. Optional: expired
     * holds are free to claim whether or not this runs; it exists for the events and to keep the
     * store tidy. Safe to run from several instances at once: each seat is cleared once. An expired
     * hold that a booking or claim takes over before any sweep reaches it is told as
     * {@code EXPIRED} by that booking or claim instead, never by both.
     *
     * @param limit the most seats to clear in this call, 1 to {@value #MAX_SWEEP_LIMIT}
     * @return how many seats were cleared; less than {@code limit} means none were left
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws BookingException         if the store fails
     */
    int sweepExpiredHolds(int limit);
}
