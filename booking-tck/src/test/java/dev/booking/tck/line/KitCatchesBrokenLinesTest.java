package dev.booking.tck.line;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The queue kit is only worth something if it fails a line that breaks a promise: each test runs
 * one rule against the kit's own line with one {@link KitLine.Flaw} and expects that rule to fail
 * for that flaw (the same line without flaws passes every rule: {@link KitLineCompatibilityTest}).
 */
class KitCatchesBrokenLinesTest {

    @Test
    void ruleL3dFailsForALedgerWhoseSettleOverwrites() {
        Throwable failure = onlyFailure(runRule(BrokenLineSubjects.SettleOverwrites.class, "l3d_theLedgerSettlesATicketOnce"));

        assertThat(failure).isInstanceOf(AssertionError.class);
    }

    @Test
    void ruleL2aFailsForALineThatReordersAPartition() {
        Throwable failure = onlyFailure(runRule(BrokenLineSubjects.ReordersWithinAPartition.class,
                "l2a_requestsOfOneShowAreDecidedInAcceptanceOrder"));

        assertThat(failure).hasMessageContaining("the first accepted must win");
    }

    @Test
    void ruleL4aFailsForAConsumerThatDropsItsUnacknowledgedDeliveriesWhenItDies() {
        Throwable failure = onlyFailure(runRuleSoon(BrokenLineSubjects.DropsUnackedOnCrash.class,
                "l4a_aKilledWorkersPartitionIsTakenOver"));

        assertThat(failure).hasMessageContaining("not final after");
    }

    @Test
    void ruleL5bFailsForABrokerThatForgetsItsLineOnRestart() {
        Throwable failure = onlyFailure(runRuleSoon(BrokenLineSubjects.ForgetsTheLineOnRestart.class,
                "l5b_aBrokerRestartLosesNoAcceptedTicket"));

        assertThat(failure).hasMessageContaining("not final after");
    }

    @Test
    void ruleL6cFailsForALineThatDropsWhatItCannotHoldSilently() {
        Throwable failure = onlyFailure(runRule(BrokenLineSubjects.DropsPastCapacitySilently.class,
                "l6c_aBurstPastCapacityIsBusyAndBounded"));

        assertThat(failure).hasMessageContaining("into a line of capacity 50");
    }

    @Test
    void ruleL6cFailsForALineWithoutBackpressure() {
        Throwable failure = onlyFailure(runRule(BrokenLineSubjects.AcceptsAboveCapacity.class,
                "l6c_aBurstPastCapacityIsBusyAndBounded"));

        assertThat(failure).hasMessageContaining("into a line of capacity 50");
    }

    @Test
    void ruleL7bFailsForALineThatDropsTheDeliveriesOfAWorkerThatDiedBeforeWritingItsNotices() {
        // the tickets were settled before the worker died: only the notices tell that the requests were lost
        Throwable failure = onlyFailure(runRuleSoon(BrokenLineSubjects.DropsUnackedOnCrash.class,
                "l7b_aWorkerThatDiesBeforeItsNoticesAreWrittenLeavesThemToTheRedelivery"));

        assertThat(failure).hasMessageContaining("tickets without a notice");
    }

    @Test
    void ruleL7bFailsForAnOutboxThatWritesANoticePerDelivery() {
        Throwable failure = onlyFailure(runRule(BrokenLineSubjects.OutboxAppendsEveryTime.class,
                "l7b_aWorkerThatDiesBeforeItsNoticesAreWrittenLeavesThemToTheRedelivery"));

        assertThat(failure).hasMessageContaining("a second notice for ticket");
    }

    @Test
    void ruleL7aFailsForWorkersWhoseStoreDoesNotWriteToTheirOutbox() {
        Throwable failure = onlyFailure(runRuleSoon(BrokenLineSubjects.StoreWithoutTheOutbox.class,
                "l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice"));

        assertThat(failure).hasMessageContaining("tickets without a notice");
    }

    @Test
    void ruleL8FailsForABacklogThatNeverFalls() {
        Throwable failure = onlyFailure(runRuleSoon(BrokenLineSubjects.BacklogNeverFalls.class,
                "l8_theBacklogCountsTheUndecidedAndFallsToZeroOnceDrained"));

        assertThat(failure).hasMessageContaining("the backlog with every ticket final should come to 0");
    }

    @Test
    void theFlawsDoNotBreakTheRulesThatDoNotLookForThem() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(BrokenLineSubjects.SettleOverwrites.class, "l1_oneSeatManyRacersExactlyOneBookedAndEveryTicketFinal"),
                        selectMethod(BrokenLineSubjects.ReordersWithinAPartition.class, "l3d_theLedgerSettlesATicketOnce"),
                        selectMethod(BrokenLineSubjects.AcceptsAboveCapacity.class, "l2a_requestsOfOneShowAreDecidedInAcceptanceOrder"),
                        // no worker dies in L7a: nothing is redelivered, so nothing is told twice or dropped
                        selectMethod(BrokenLineSubjects.DropsUnackedOnCrash.class, "l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice"),
                        selectMethod(BrokenLineSubjects.OutboxAppendsEveryTime.class, "l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice"))
                .execute()
                .testEvents();

        assertThat(events.failed().count()).as("failed").isZero();
        assertThat(events.succeeded().count()).isEqualTo(5);
    }

    /** Runs a rule whose lost tickets are never final with a deadline of 10 s instead of minutes. */
    private static Events runRuleSoon(Class<?> subject, String method) {
        String before = System.getProperty("booking.tck.timeout.seconds");
        System.setProperty("booking.tck.timeout.seconds", "10");
        try {
            return runRule(subject, method);
        } finally {
            if (before == null) {
                System.clearProperty("booking.tck.timeout.seconds");
            } else {
                System.setProperty("booking.tck.timeout.seconds", before);
            }
        }
    }

    private static Events runRule(Class<?> subject, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(subject, method)).execute().testEvents();
    }

    private static Throwable onlyFailure(Events events) {
        assertThat(events.failed().count()).as("failed rules").isEqualTo(1);
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }
}
