package dev.booking.tck.line;

import java.util.Set;

/** The kit's rules run against the kit's own line with one flaw each (not run by themselves: no Test suffix). */
final class BrokenLineSubjects {

    private BrokenLineSubjects() {
    }

    /** Settle overwrites a final status. */
    static class SettleOverwrites extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.SETTLE_OVERWRITES));
        }
    }

    /** A poll hands a partition's requests newest first. */
    static class ReordersWithinAPartition extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.REORDERS_WITHIN_A_PARTITION));
        }
    }

    /** A dead consumer's unacknowledged deliveries are lost. */
    static class DropsUnackedOnCrash extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.DROPS_UNACKED_ON_CRASH));
        }
    }

    /** Past capacity, an append answers appended and keeps nothing. */
    static class DropsPastCapacitySilently extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.DROPS_PAST_CAPACITY_SILENTLY));
        }
    }

    /** No backpressure: appends past capacity are accepted. */
    static class AcceptsAboveCapacity extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.ACCEPTS_ABOVE_CAPACITY));
        }
    }

    /** A broker restart loses what was queued. */
    static class ForgetsTheLineOnRestart extends SharedLineContract {
        @Override
        protected LineFixture fixture() {
            return new KitLineFixture(Set.of(KitLine.Flaw.FORGETS_THE_LINE_ON_RESTART), true);
        }
    }
}
