package dev.booking.tck;

import dev.booking.core.SeatRepository;

/** Rule 10 aimed at {@link CaseFoldingSeatRepository}; run by {@link KitCatchesBrokenRepositoriesTest}. */
class CaseFoldingSubject extends HostileInputContract {

    private final SeatRepository repository = new CaseFoldingSeatRepository();

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
