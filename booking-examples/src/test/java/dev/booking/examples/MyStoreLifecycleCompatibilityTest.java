package dev.booking.examples;

// sample:kit-lifecycle
import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatLifecycleContract;

class MyStoreLifecycleCompatibilityTest extends SeatLifecycleContract {
    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MyStore.repository(listener);                             // a repository telling the kit's listener
    }
}
// end-sample:kit-lifecycle
