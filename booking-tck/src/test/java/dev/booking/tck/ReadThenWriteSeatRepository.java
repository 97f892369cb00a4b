package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Deliberately wrong: reads the seat, then writes it, the way the naive "SELECT, then UPDATE" code
 * does. The gap between the two stands for the network round trip between the two statements. Used only to show
 * that the kit catches it.
 */
final class ReadThenWriteSeatRepository extends ForwardingSeatRepository {

    ReadThenWriteSeatRepository() {
        super(new InMemorySeatRepository());
    }

    private static final long SECOND_READER_WAIT_SECONDS = 5;

    private final ConcurrentMap<SeatId, SeatState> overwritten = new ConcurrentHashMap<>();
    private final ConcurrentMap<SeatId, CountDownLatch> emptyReaders = new ConcurrentHashMap<>();

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Optional<SeatState> read = findSeat(seat);
        if (read.isEmpty()) {
            return new BookingResult.NoSuchSeat(seat);
        }
        if (!read.get().isEmpty()) {
            return user.equals(read.get().owner())
                    ? new BookingResult.AlreadyYours(seat, user, read.get().reference()) : new BookingResult.Taken(seat);
        }
        waitForASecondReader(seat);
        // the blind write: last writer wins, every writer is told it won
        BookingReference reference = BookingReference.generate();
        overwritten.put(seat, new SeatState(seat, SeatStatus.BOOKED, user, reference, null, read.get().version() + 1));
        return new BookingResult.Booked(seat, user, reference);
    }

    /**
     * The gap between the read and the write, widened until a second caller has read the same seat
     * empty too (or a few seconds passed): on a loaded machine a fixed pause may let the racers run
     * one after the other, and the race this store loses must happen on every run, not most.
     */
    private void waitForASecondReader(SeatId seat) {
        CountDownLatch readers = emptyReaders.computeIfAbsent(seat, key -> new CountDownLatch(2));
        readers.countDown();
        try {
            readers.await(SECOND_READER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        SeatState written = overwritten.get(seat);
        return written != null ? Optional.of(written) : delegate.findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return delegate.listSeats(show).stream().map(s -> overwritten.getOrDefault(s.seat(), s)).toList();
    }
}
