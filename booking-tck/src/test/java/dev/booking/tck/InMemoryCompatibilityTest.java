package dev.booking.tck;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;

/** The reference implementation passes the kit. */
class InMemoryCompatibilityTest extends SeatRepositoryContract {

    private static final SeatRepository REPOSITORY = new InMemorySeatRepository();

    @Override
    protected SeatRepository repository() {
        return REPOSITORY;
    }
}
