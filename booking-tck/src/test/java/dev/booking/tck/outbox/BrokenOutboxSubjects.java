package dev.booking.tck.outbox;

import dev.booking.core.outbox.Notice;

import java.util.function.UnaryOperator;

/**
 * The outbox kit aimed at deliberately broken outboxes and repositories. Not run by the build
 * directly (the names are not test names); {@link KitCatchesBrokenOutboxesTest} runs them and
 * expects failures.
 */
final class BrokenOutboxSubjects {

    private BrokenOutboxSubjects() {
    }

    private static OutboxFixture store(UnaryOperator<dev.booking.core.outbox.spi.OutboxStore> view) {
        return new InMemoryOutboxFixture(view, (repository, outbox) -> repository);
    }

    /** CONFIRMED notices are lost. */
    static class LosesConfirmed extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(outbox -> BrokenOutboxes.losing(outbox, Notice.Kind.CONFIRMED));
        }
    }

    /** RELEASED notices are lost. */
    static class LosesReleased extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(outbox -> BrokenOutboxes.losing(outbox, Notice.Kind.RELEASED));
        }
    }

    /** A caller told Taken gets a refusal notice although nothing changed. */
    static class WritesForLosers extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return new InMemoryOutboxFixture(UnaryOperator.identity(), BrokenOutboxes.WritesForLosers::new);
        }
    }

    /** A claim that lost leaves the notice it wrote before deciding. */
    static class TellsBeforeDeciding extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return new InMemoryOutboxFixture(UnaryOperator.identity(), BrokenOutboxes.TellsBeforeDeciding::new);
        }
    }

    /** appendIfAbsent checks, then appends. */
    static class CheckThenAppend extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.CheckThenAppend::new);
        }
    }

    /** claimDue ignores other relays' leases. */
    static class ClaimIgnoresLeases extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.ClaimIgnoresLeases::new);
        }
    }

    /** mark* ignore who asks. */
    static class MarkIgnoresOwner extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.MarkIgnoresOwner::new);
        }
    }

    /** markRetry makes the record due at once. */
    static class RetryAtOnce extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.RetryAtOnce::new);
        }
    }

    /** markDead drops the error. */
    static class DeadWithoutError extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.DeadWithoutError::new);
        }
    }

    /** requeue answers true and does nothing. */
    static class RequeueDoesNothing extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.RequeueDoesNothing::new);
        }
    }

    /** purge deletes old pending records too. */
    static class PurgeDeletesPending extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes::purgeDeletesPending);
        }
    }

    /** purge ignores its limit. */
    static class PurgeIgnoresLimit extends OutboxContract {
        @Override
        protected OutboxFixture newFixture() {
            return store(BrokenOutboxes.PurgeIgnoresLimit::new);
        }
    }
}
