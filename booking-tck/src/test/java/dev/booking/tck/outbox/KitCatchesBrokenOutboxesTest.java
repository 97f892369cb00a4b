package dev.booking.tck.outbox;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Each outbox rule is only worth something if it fails an outbox or repository that breaks it: each
 * test runs one rule against one {@link BrokenOutboxSubjects subject} and expects that rule to fail
 * for that flaw (the same store without flaws passes every rule: {@link InMemoryOutboxCompatibilityTest}).
 */
class KitCatchesBrokenOutboxesTest {

    @Test
    void ruleO1CatchesANoticeLostForOneKind() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.LosesConfirmed.class, "o1a_everyChangeWritesOneNoticePerEvent");

        assertThat(failure).hasMessageContaining("notices written by confirm");
    }

    @Test
    void ruleO1CatchesANoticeWrittenForALoser() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.WritesForLosers.class, "o1c_answersThatChangeNothingWriteNothing");

        assertThat(failure).hasMessageContaining("tryBook of a taken seat");
    }

    @Test
    void ruleO2CatchesNoticesWrittenForTheLosersOfARace() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.WritesForLosers.class,
                "o2a_oneSeatManyRacersWriteOneBookedNoticeForTheWinner");

        assertThat(failure).hasMessageContaining("losers changed nothing");
    }

    @Test
    void ruleO2CatchesANoticeWithoutItsChange() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.TellsBeforeDeciding.class,
                "o2b_racingGroupClaimsWriteOneNoticePerClaimAndTheStoreAgrees");

        assertThat(failure).hasMessageContaining("group claims");
    }

    @Test
    void ruleO2CatchesAChangeWithoutItsNoticeAmongRacingLifecycles() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.LosesReleased.class,
                "o2c_racingLifecyclesWriteWhatTheyAnswerAndTheStoreAgreesWithTheLastNotice");

        assertThat(failure).hasMessageContaining("holds, confirmations and releases");
    }

    @Test
    void ruleO3CatchesAnAppendThatChecksThenActs() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.CheckThenAppend.class, "o3a_appendIfAbsentIsIdempotentUnderConcurrency");

        assertThat(failure).hasMessageContaining("answering true for one id");
    }

    /** Deterministic where two running relays are not: the claimers go on until nothing is left to claim. */
    @Test
    void ruleO4CatchesClaimsThatIgnoreLeasesBetweenRacingClaimers() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.ClaimIgnoresLeases.class, "o4b_racingClaimersNeverShareARecord");

        assertThat(failure).hasMessageContaining("claims in all");
    }

    @Test
    void ruleO5CatchesARedeliveryWhileTheLeaseLasts() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.ClaimIgnoresLeases.class,
                "o5a_aDeadRelaysRecordsAreRedeliveredOnlyAfterItsLease");

        assertThat(failure).hasMessageContaining("while the lease lasts");
    }

    @Test
    void ruleO5CatchesMarksThatIgnoreTheOwner() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.MarkIgnoresOwner.class, "o5b_onlyTheLeaseHolderMarksARecord");

        assertThat(failure).hasMessageContaining("markSent of").hasMessageContaining("another relay's lease");
    }

    @Test
    void ruleO6CatchesRetriesThatDoNotWait() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.RetryAtOnce.class,
                "o6a_retriesWaitLongerEachTimeAndDeliverWhenTheReceiverRecovers");

        assertThat(failure).hasMessageContaining("wait after failed attempt 1");
    }

    @Test
    void ruleO6CatchesADeadLetterWithoutItsError() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.DeadWithoutError.class, "o6b_boundedAttemptsEndDeadWithTheLastError");

        assertThat(failure).hasMessageContaining("lastError");
    }

    @Test
    void ruleO6CatchesARequeueThatDoesNothing() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.RequeueDoesNothing.class, "o6d_requeueMakesADeadRecordDeliverableAgain");

        assertThat(failure).hasMessageContaining("requeue");
    }

    @Test
    void ruleO7CatchesAPurgeOfPendingRecords() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.PurgeDeletesPending.class,
                "o7a_purgeDeletesOldSentAndDeadWithinItsLimitAndNeverPending");

        assertThat(failure).hasMessageContaining("pending records left");
    }

    @Test
    void ruleO7CatchesAPurgePastItsLimit() {
        Throwable failure = onlyFailure(BrokenOutboxSubjects.PurgeIgnoresLimit.class,
                "o7a_purgeDeletesOldSentAndDeadWithinItsLimitAndNeverPending");

        assertThat(failure).hasMessageContaining("limit 2");
    }

    @Test
    void theFlawsDoNotBreakTheRulesThatDoNotLookForThem() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(BrokenOutboxSubjects.LosesConfirmed.class, "o3a_appendIfAbsentIsIdempotentUnderConcurrency"),
                        selectMethod(BrokenOutboxSubjects.PurgeIgnoresLimit.class, "o4a_twoRelaysDeliverEveryRecordExactlyOnce"),
                        selectMethod(BrokenOutboxSubjects.WritesForLosers.class, "o5b_onlyTheLeaseHolderMarksARecord"))
                .execute()
                .testEvents();

        assertThat(events.failed().count()).as("failed").isZero();
        assertThat(events.succeeded().count()).isEqualTo(3);
    }

    private static Throwable onlyFailure(Class<?> subject, String method) {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(subject, method)).execute().testEvents();
        assertThat(events.failed().count()).as("failed rules").isEqualTo(1);
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class);
        return failure;
    }
}
