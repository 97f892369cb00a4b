package dev.booking.tck;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;

/** Rule 10 on the reference implementation. */
class InMemoryHostileInputCompatibilityTest extends HostileInputContract {

    private final SeatRepository repository = new InMemorySeatRepository();

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
