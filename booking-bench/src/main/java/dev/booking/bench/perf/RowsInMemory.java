package dev.booking.bench.perf;

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
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The stadium's in-memory baseline: the library's {@link InMemorySeatRepository}, one instance per row.
 * One instance for the whole stadium would measure something else: its {@code claim} and
 * {@code confirm} look for a reference's seats by scanning every seat it stores, under its one lock,
 * so at 100,000 seats each hold and confirmation costs a scan of them all and the baseline would be
 * far slower than the databases. Per row, a scan covers one row and rows do not wait for each other's
 * lock. Seat numbers are {@link StadiumSizes#number}'s ({@code R<row>-<seat>}); a claim must stay in
 * one row, and {@code release} by reference is not offered (the on-sale never releases).
 */
final class RowsInMemory implements SeatRepository {

    private final List<InMemorySeatRepository> rows = new ArrayList<>();
    private final Map<BookingReference, Integer> rowOfReference = new ConcurrentHashMap<>();

    RowsInMemory(int rowCount) {
        for (int i = 0; i < rowCount; i++) {
            rows.add(new InMemorySeatRepository());
        }
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return row(seat).tryBook(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        numbers.stream().collect(Collectors.groupingBy(RowsInMemory::rowOf))
                .forEach((row, inRow) -> rows.get(row).addSeats(show, inRow));
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return row(seat).findSeat(seat);
    }

    /** {@inheritDoc} Row by row, which is seat-number order, since the row leads the number. */
    @Override
    public List<SeatState> listSeats(ShowId show) {
        List<SeatState> seats = new ArrayList<>();
        rows.forEach(row -> seats.addAll(row.listSeats(show)));
        return seats;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        int row = rowOf(request.seats().get(0).number());
        if (request.seats().stream().anyMatch(seat -> rowOf(seat.number()) != row)) {
            throw new UnsupportedOperationException("a claim across rows");
        }
        ClaimResult result = rows.get(row).claim(request);
        if (result instanceof ClaimResult.Claimed) {
            rowOfReference.put(request.reference(), row);
        }
        return result;
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Integer row = rowOfReference.get(reference);
        return row == null ? new ConfirmResult.Lapsed(reference) : rows.get(row).confirm(reference, user);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        throw new UnsupportedOperationException("release by reference");
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return row(seat).release(seat, user);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        int cleared = 0;
        for (InMemorySeatRepository row : rows) {
            if (cleared == limit) {
                break;
            }
            cleared += row.sweepExpiredHolds(limit - cleared);
        }
        return cleared;
    }

    private InMemorySeatRepository row(SeatId seat) {
        return rows.get(rowOf(seat.number()));
    }

    private static int rowOf(String number) {
        return Integer.parseInt(number.substring(1, 4));
    }
}
