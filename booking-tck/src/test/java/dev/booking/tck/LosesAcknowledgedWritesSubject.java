package dev.booking.tck;

import dev.booking.core.SeatRepository;

/** The kit aimed at {@link LosesAcknowledgedWritesRepository}; run by {@link KitCatchesBrokenRepositoriesTest}. */
class LosesAcknowledgedWritesSubject extends SeatRepositoryContract {

    private final SeatRepository repository = new LosesAcknowledgedWritesRepository();

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
