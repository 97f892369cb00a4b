package dev.booking.tck;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Deliberately wrong: reads the seat, then writes it, the way the naive "SELECT, then UPDATE" code
 * does. The pause stands for the network round trip between the two statements. Used only to show
 * that the kit catches it.
 */
final class ReadThenWriteSeatRepository implements SeatRepository {

    private final InMemorySeatRepository seats = new InMemorySeatRepository();
    private final ConcurrentMap<SeatId, SeatState> overwritten = new ConcurrentHashMap<>();

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Optional<SeatState> read = findSeat(seat);
        if (read.isEmpty()) {
            return new BookingResult.NoSuchSeat(seat);
        }
        if (!read.get().isEmpty()) {
            return user.equals(read.get().owner())
                    ? new BookingResult.AlreadyYours(seat, user) : new BookingResult.Taken(seat);
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the blind write: last writer wins, every writer is told it won
        overwritten.put(seat, new SeatState(seat, SeatStatus.BOOKED, user, read.get().version() + 1));
        return new BookingResult.Booked(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        seats.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        SeatState written = overwritten.get(seat);
        return written != null ? Optional.of(written) : seats.findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return seats.listSeats(show).stream().map(s -> overwritten.getOrDefault(s.seat(), s)).toList();
    }
}
