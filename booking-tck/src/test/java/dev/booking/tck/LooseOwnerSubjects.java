package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;

/**
 * Rules 7 and 17 aimed at {@link LooseOwnerRepository}, one subject per way of comparing users
 * loosely. Not run by the build directly (the names are not test names);
 * {@link KitCatchesBrokenRepositoriesTest} and {@link KitCatchesBrokenLifecyclesTest} run them and
 * expect failures.
 */
final class LooseOwnerSubjects {

    private LooseOwnerSubjects() {
    }

    /** Books, answering "already yours" to {@code Ann} for the seat of {@code ann}. */
    static class IgnoresCase extends SeatRepositoryContract {
        private final SeatRepository repository =
                new LooseOwnerRepository(LooseOwnerRepository.IGNORE_CASE, BookingListener.NONE);

        @Override
        protected SeatRepository repository() {
            return repository;
        }
    }

    /** Books, answering "already yours" to {@code "ann "} for the seat of {@code ann}. */
    static class IgnoresTrailingSpaces extends SeatRepositoryContract {
        private final SeatRepository repository =
                new LooseOwnerRepository(LooseOwnerRepository.IGNORE_TRAILING_SPACES, BookingListener.NONE);

        @Override
        protected SeatRepository repository() {
            return repository;
        }
    }

    /** Books, answering "already yours" to one spelling of a name for the seat of the other. */
    static class NormalisesUnicode extends SeatRepositoryContract {
        private final SeatRepository repository =
                new LooseOwnerRepository(LooseOwnerRepository.NORMALISE_UNICODE, BookingListener.NONE);

        @Override
        protected SeatRepository repository() {
            return repository;
        }
    }

    /** Lets {@code Ann} confirm, release and re-claim what {@code ann} holds. */
    static class IgnoresCaseInLifecycle extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new LooseOwnerRepository(LooseOwnerRepository.IGNORE_CASE, listener);
        }
    }

    /** Lets {@code "ann "} confirm, release and re-claim what {@code ann} holds. */
    static class IgnoresTrailingSpacesInLifecycle extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new LooseOwnerRepository(LooseOwnerRepository.IGNORE_TRAILING_SPACES, listener);
        }
    }

    /** Lets one spelling of a name confirm, release and re-claim what the other holds. */
    static class NormalisesUnicodeInLifecycle extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new LooseOwnerRepository(LooseOwnerRepository.NORMALISE_UNICODE, listener);
        }
    }
}
