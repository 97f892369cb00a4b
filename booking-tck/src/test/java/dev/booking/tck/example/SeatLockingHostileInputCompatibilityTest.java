package dev.booking.tck.example;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.HostileInputContract;

import java.time.Clock;

/** The kit's hostile-input rule on the example adapter. */
class SeatLockingHostileInputCompatibilityTest extends HostileInputContract {

    private final SeatRepository repository = new SeatLockingRepository(Clock.systemUTC(), BookingListener.NONE);

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
