package dev.booking.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.booking.tck.KitCatchesBrokenLifecyclesTest.onlyFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** Rules 25 and 26 are only worth something if they fail stores that mishandle faults. */
class KitCatchesBrokenFaultHandlingTest {

    private static final String RULE_25 = "rule25_failedCommitsAreReportedAsFailuresNeverAsAnswers";
    private static final String RULE_26 = "rule26_lostAcknowledgementsAreResolvedByRepeatingTheCall";

    @Test
    void rule25CatchesAFailedCommitAnsweredAsSuccess() {
        Throwable failure = onlyFailure(FaultSubjects.SwallowsFailedCommits.class, RULE_25);

        assertThat(failure).hasMessageContaining("an acknowledged write is missing");
    }

    @Test
    void rule25CatchesAFailedCommitAnsweredAsTaken() {
        Throwable failure = onlyFailure(FaultSubjects.FailureAsTaken.class, RULE_25);

        assertThat(failure).hasMessageContaining("no other caller asked for this seat, so a failure was reported as contention");
    }

    @Test
    void rule26CatchesAnAcknowledgedWriteLostAfterAFault() {
        Throwable failure = onlyFailure(FaultSubjects.LosesAnAcknowledgedWrite.class, RULE_26);

        assertThat(failure).hasMessageContaining("an acknowledged write is missing");
    }

    @Test
    void rule26CatchesALostAcknowledgementAnsweredAsContention() {
        Throwable failure = onlyFailure(FaultSubjects.FailureAsTaken.class, RULE_26);

        assertThat(failure).hasMessageContaining("a failure was reported as contention");
    }

    @Test
    void aHookThatNeverFiresFailsBothRules() {
        assertThat(onlyFailure(FaultSubjects.HookNeverFires.class, RULE_25))
                .hasMessageContaining("a hook that never fires proves nothing");
        assertThat(onlyFailure(FaultSubjects.HookNeverFires.class, RULE_26))
                .hasMessageContaining("a hook that never fires proves nothing");
    }

    @Test
    void withoutAHookBothRulesAreAbortedAsNotApplicableLoudly() {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Events events;
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            events = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(InMemoryLifecycleCompatibilityTest.class, RULE_25),
                            selectMethod(InMemoryLifecycleCompatibilityTest.class, RULE_26))
                    .execute()
                    .testEvents();
        } finally {
            System.setErr(err);
        }

        assertThat(events.aborted().count()).as("rules aborted").isEqualTo(2);
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("booking-tck: Rule 25 NOT APPLICABLE to " + InMemoryLifecycleCompatibilityTest.class.getName()
                        + ": the store supplies no StoreFaults hook (override faults())")
                .contains("booking-tck: Rule 26 NOT APPLICABLE to ");
    }
}
