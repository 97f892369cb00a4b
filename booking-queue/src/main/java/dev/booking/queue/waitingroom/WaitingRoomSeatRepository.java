package dev.booking.queue.waitingroom;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@link SeatRepository} view of a {@link WaitingRoom}; see {@link WaitingRoom#asRepository()}.
 *
 * <p>Thread-safety: as safe as the room and the wrapped repository, i.e. safe to share.
 */
final class WaitingRoomSeatRepository implements SeatRepository {

    private final WaitingRoom room;

    WaitingRoomSeatRepository(WaitingRoom room) {
        this.room = room;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        WaitingRoomResult answer;
        try {
            answer = room.submitAndWait(seat, user);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the outcome is as unknown as after a timeout, and so is the remedy: repeat the request
            throw new BookingException(BookingException.Failure.TIMEOUT, "interrupted while waiting in the waiting room for "
                    + seat + "; the booking may or may not have been made, repeating it is safe", e);
        }
        if (answer instanceof WaitingRoomResult.Served served) {
            return served.result();
        }
        if (answer instanceof WaitingRoomResult.Busy) {
            throw new BookingException(BookingException.Failure.OVERLOADED, "the waiting room is full (capacity "
                    + room.settings().capacity() + "); nothing was written for " + seat + ", try again later");
        }
        if (answer instanceof WaitingRoomResult.TimedOut) {
            throw new BookingException(BookingException.Failure.TIMEOUT, "no answer for " + seat
                    + " within the waiting room's deadline of " + room.settings().deadline()
                    + "; the booking may or may not have been made, repeating it is safe");
        }
        throw new BookingException(BookingException.Failure.OVERLOADED, "the waiting room is closed; nothing was"
                + " written for " + seat);
    }

    /** Group claims bypass the line, which orders callers of one seat; the store still decides every win. */
    @Override
    public ClaimResult claim(ClaimRequest request) {
        return room.repository().claim(request);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return room.repository().confirm(reference, user);
    }

    /**
     * Releases through the store while the room treats every seat as changing (which seats the
     * reference names is known only when the release returns), then forgets the released ones.
     */
    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return room.changeSeats(null, () -> room.repository().release(reference, user),
                WaitingRoomSeatRepository::releasedSeats);
    }

    /** Releases through the store; the room answers nothing about the seat from memory meanwhile, nor after. */
    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        return room.changeSeats(List.of(seat), () -> room.repository().release(seat, user),
                WaitingRoomSeatRepository::releasedSeats);
    }

    private static Collection<SeatId> releasedSeats(ReleaseResult result) {
        return result instanceof ReleaseResult.Released released ? released.seats() : List.of();
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return room.repository().sweepExpiredHolds(limit);
    }

    /** Adds through the store; a request racing the addition goes to the store, never answered NoSuchSeat from an older call. */
    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> seats = Arguments.seatsToAdd(show, numbers);
        room.changeSeats(seats, () -> {
            room.repository().addSeats(show, numbers);
            return seats;
        }, added -> List.of());
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return room.repository().findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return room.repository().listSeats(show);
    }

    @Override
    public String toString() {
        return "SeatRepository view of " + room;
    }
}
