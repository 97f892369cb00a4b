package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The lifecycle kit aimed at deliberately broken repositories. Not run by the build directly (the
 * names are not test names); {@link KitCatchesBrokenLifecyclesTest} runs them and expects failures.
 */
final class LifecycleSubjects {

    private LifecycleSubjects() {
    }

    /** Groups that fail halfway keep the seats they took. */
    static class PartialGroups extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new PartialGroupsRepository(listener);
        }
    }

    /** Holds never expire: the clock that decides expiry stands still. */
    static class NeverExpires extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return InMemorySeatRepository.builder()
                    .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                    .listener(listener)
                    .build();
        }
    }

    /** A retried request gets a new reference. */
    static class IgnoresReferences extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new IgnoresReferencesRepository(listener);
        }
    }

    /** Anyone may release anyone's seat. */
    static class ReleasesForAnyone extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new ReleasesForAnyoneRepository(listener);
        }
    }

    /** Tells the listener before the change is made. */
    static class TellsBeforeCommit extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new TellsBeforeCommitRepository(listener);
        }
    }

    /** Clears every expired hold in one sweep, whatever its limit. */
    static class IgnoresSweepLimit extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new IgnoresSweepLimitRepository(listener);
        }
    }

    /** Checks a reference's binding, then claims, then binds: two new claims under one reference both win. */
    static class CheckThenClaim extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new CheckThenClaimRepository(listener);
        }
    }

    /** Forgets a reference's binding when its seats are released. */
    static class ForgetsReleasedReferences extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new ForgetsReleasedReferencesRepository(listener);
        }
    }

    /** A lapsed hold taken over by a booking or claim is never told as expired. */
    static class ExpiresOnlyInSweeps extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new ExpiresOnlyInSweepsRepository(listener);
        }
    }

    /** A lapsed hold taken over is told as expired by its taker and again by the next sweep. */
    static class ExpiresTwice extends SeatLifecycleContract {
        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new ExpiresTwiceRepository(listener);
        }
    }
}
