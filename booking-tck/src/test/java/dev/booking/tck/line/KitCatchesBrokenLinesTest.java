package dev.booking.tck.line;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The queue kit is only worth something if it fails a line that breaks a promise: each test runs
 * one rule against the kit's own line with one {@link KitLine.Flaw} and expects that rule to fail
 * for that flaw (the same line without flaws passes every rule: {@link KitLineCompatibilityTest}).
 */
class KitCatchesBrokenLinesTest {

    private static final String TIMEOUT = "booking.tck.timeout.seconds";

    /**
     * The rules whose flaw loses tickets or notices for good: each waits out its whole deadline
     * before it fails. They run side by side before the tests, so that their waits overlap (about
     * one deadline in all instead of one per rule); each test then checks its rule's failure.
     */
    private static final List<Rule> WAITED_OUT = List.of(
            new Rule(BrokenLineSubjects.DropsUnackedOnCrash.class, "l4a_aKilledWorkersPartitionIsTakenOver"),
            new Rule(BrokenLineSubjects.ForgetsTheLineOnRestart.class, "l5b_aBrokerRestartLosesNoAcceptedTicket"),
            new Rule(BrokenLineSubjects.DropsUnackedOnCrash.class,
                    "l7b_aWorkerThatDiesBeforeItsNoticesAreWrittenLeavesThemToTheRedelivery"),
            new Rule(BrokenLineSubjects.StoreWithoutTheOutbox.class, "l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice"),
            new Rule(BrokenLineSubjects.BacklogNeverFalls.class, "l8_theBacklogCountsTheUndecidedAndFallsToZeroOnceDrained"));

    private static final Map<Rule, Events> WAITED_OUT_EVENTS = new LinkedHashMap<>();

    /** One rule of the kit run on one broken subject. */
    private record Rule(Class<?> subject, String method) {
    }

    /** Runs the rules that wait out their deadline together, with a deadline of 10 s instead of minutes. */
    @BeforeAll
    static void runTheRulesThatWaitOutTheirDeadlineSideBySide() throws InterruptedException, ExecutionException {
        String before = System.getProperty(TIMEOUT);
        System.setProperty(TIMEOUT, "10"); // each rule reads it when its contract instance is made, at its start
        ExecutorService pool = Executors.newFixedThreadPool(WAITED_OUT.size());
        try {
            Map<Rule, Future<Events>> running = new LinkedHashMap<>();
            for (Rule rule : WAITED_OUT) {
                running.put(rule, pool.submit(() -> runRule(rule.subject(), rule.method())));
            }
            for (Map.Entry<Rule, Future<Events>> entry : running.entrySet()) {
                WAITED_OUT_EVENTS.put(entry.getKey(), entry.getValue().get());
            }
        } finally {
            pool.shutdownNow();
            if (before == null) {
                System.clearProperty(TIMEOUT);
            } else {
                System.setProperty(TIMEOUT, before);
            }
        }
    }

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
        Throwable failure = onlyFailure(waitedOut(BrokenLineSubjects.DropsUnackedOnCrash.class,
                "l4a_aKilledWorkersPartitionIsTakenOver"));

        assertThat(failure).hasMessageContaining("not final after");
    }

    @Test
    void ruleL5bFailsForABrokerThatForgetsItsLineOnRestart() {
        Throwable failure = onlyFailure(waitedOut(BrokenLineSubjects.ForgetsTheLineOnRestart.class,
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
        Throwable failure = onlyFailure(waitedOut(BrokenLineSubjects.DropsUnackedOnCrash.class,
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
        Throwable failure = onlyFailure(waitedOut(BrokenLineSubjects.StoreWithoutTheOutbox.class,
                "l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice"));

        assertThat(failure).hasMessageContaining("tickets without a notice");
    }

    @Test
    void ruleL8FailsForABacklogThatNeverFalls() {
        Throwable failure = onlyFailure(waitedOut(BrokenLineSubjects.BacklogNeverFalls.class,
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

    /** The events of a rule that {@link #runTheRulesThatWaitOutTheirDeadlineSideBySide()} ran. */
    private static Events waitedOut(Class<?> subject, String method) {
        Events events = WAITED_OUT_EVENTS.get(new Rule(subject, method));
        assertThat(events).as("%s.%s ran with the rules that wait out their deadline", subject.getSimpleName(), method)
                .isNotNull();
        return events;
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
