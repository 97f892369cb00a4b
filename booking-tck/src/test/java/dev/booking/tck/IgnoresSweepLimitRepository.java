package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.spi.Arguments;

/**
 * Deliberately wrong: checks the sweep's limit, then clears every expired hold in one call, as a
 * sweep written as one unbounded {@code UPDATE ... WHERE hold_expires_at <= now} would. Used only to
 * show that rule 21 catches it.
 */
final class IgnoresSweepLimitRepository extends ForwardingSeatRepository {

    IgnoresSweepLimitRepository(BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        int cleared = 0;
        int batch;
        do {
            batch = delegate.sweepExpiredHolds(SeatRepository.MAX_SWEEP_LIMIT);
            cleared += batch;
        } while (batch == SeatRepository.MAX_SWEEP_LIMIT);
        return cleared;
    }
}
