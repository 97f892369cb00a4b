package dev.booking.tck.example;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatLifecycleContract;

import java.time.Clock;

/** The kit's lifecycle rules on the example adapter. */
class SeatLockingLifecycleCompatibilityTest extends SeatLifecycleContract {

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return new SeatLockingRepository(Clock.systemUTC(), listener);
    }
}
