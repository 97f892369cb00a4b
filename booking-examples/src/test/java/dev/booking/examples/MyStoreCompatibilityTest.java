package dev.booking.examples;

// sample:kit-contract
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatRepositoryContract;

class MyStoreCompatibilityTest extends SeatRepositoryContract {
    private static final SeatRepository SEATS = MyStore.repository();   // your adapter, on your store

    @Override
    protected SeatRepository repository() {
        return SEATS;
    }
}
// end-sample:kit-contract
