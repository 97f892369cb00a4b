package dev.booking.tck.example;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatRepositoryContract;

import java.time.Clock;

/** The kit's core rules on the example adapter. */
class SeatLockingCompatibilityTest extends SeatRepositoryContract {

    private final SeatRepository repository = new SeatLockingRepository(Clock.systemUTC(), BookingListener.NONE);

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
