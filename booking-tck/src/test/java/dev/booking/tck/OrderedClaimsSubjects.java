package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;

import java.util.Optional;

/**
 * Rule 27 aimed at batches of claims, working and broken. Not run by the build directly (the names
 * are not test names); {@link KitCatchesBrokenOrderedClaimsTest} runs them.
 */
final class OrderedClaimsSubjects {

    private OrderedClaimsSubjects() {
    }

    /** A store whose batches are decided as {@code batching} says, with a fault hook. */
    abstract static class Batches extends SeatLifecycleContract {

        private final CountdownFaults hook = new CountdownFaults();
        private final BatchingSeatRepository.Batching batching;

        Batches(BatchingSeatRepository.Batching batching) {
            this.batching = batching;
        }

        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new BatchingSeatRepository(hook, batching, listener);
        }

        @Override
        protected Optional<StoreFaults> faults() {
            return Optional.of(hook);
        }
    }

    /** One write per batch. */
    static class Correct extends Batches {
        Correct() {
            super(BatchingSeatRepository.Batching.CORRECT);
        }
    }

    /** Last request first. */
    static class Reversed extends Batches {
        Reversed() {
            super(BatchingSeatRepository.Batching.REVERSED);
        }
    }

    /** Each request decided as if the batch's earlier requests had not been made. */
    static class IgnoresEarlierRequests extends Batches {
        IgnoresEarlierRequests() {
            super(BatchingSeatRepository.Batching.IGNORES_EARLIER_REQUESTS);
        }
    }

    /** One commit per request. */
    static class CommitsPerRequest extends Batches {
        CommitsPerRequest() {
            super(BatchingSeatRepository.Batching.COMMITS_PER_REQUEST);
        }
    }
}
