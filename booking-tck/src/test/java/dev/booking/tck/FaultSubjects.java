package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;

import java.util.Optional;

/**
 * The lifecycle kit aimed at stores that mishandle faults. Not run by the build directly (the names
 * are not test names); {@link KitCatchesBrokenFaultHandlingTest} runs them and expects failures.
 */
final class FaultSubjects {

    private FaultSubjects() {
    }

    /** A store under test with a fault hook, handling faults as {@code handling} says. */
    abstract static class Faultable extends SeatLifecycleContract {

        private final CountdownFaults hook = new CountdownFaults();
        private final FaultableSeatRepository.Handling handling;

        Faultable(FaultableSeatRepository.Handling handling) {
            this.handling = handling;
        }

        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new FaultableSeatRepository(hook, handling, listener);
        }

        @Override
        protected Optional<StoreFaults> faults() {
            return Optional.of(hook);
        }
    }

    /** Answers a failed commit as if it had been made. */
    static class SwallowsFailedCommits extends Faultable {
        SwallowsFailedCommits() {
            super(FaultableSeatRepository.Handling.SWALLOWS_FAILED_COMMITS);
        }
    }

    /** Answers a failed commit as contention. */
    static class FailureAsTaken extends Faultable {
        FailureAsTaken() {
            super(FaultableSeatRepository.Handling.FAILURE_AS_TAKEN);
        }
    }

    /** Loses an acknowledged write after each fault. */
    static class LosesAnAcknowledgedWrite extends Faultable {
        LosesAnAcknowledgedWrite() {
            super(FaultableSeatRepository.Handling.LOSES_AN_ACKNOWLEDGED_WRITE_AFTER_A_FAULT);
        }
    }

    /** A hook that is there but never fires. */
    static class HookNeverFires extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new FaultableSeatRepository(new CountdownFaults(),
                    FaultableSeatRepository.Handling.CORRECT, listener);
        }

        @Override
        protected Optional<StoreFaults> faults() {
            return Optional.of(new CountdownFaults());
        }
    }
}
