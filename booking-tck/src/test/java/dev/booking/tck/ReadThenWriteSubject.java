package dev.booking.tck;

import dev.booking.core.SeatRepository;

/**
 * The kit aimed at {@link ReadThenWriteSeatRepository}. Not run by the build directly (its name is
 * not a test name); {@link KitCatchesBrokenRepositoriesTest} runs it and expects failures.
 */
class ReadThenWriteSubject extends SeatRepositoryContract {

    private final SeatRepository repository = new ReadThenWriteSeatRepository();

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
