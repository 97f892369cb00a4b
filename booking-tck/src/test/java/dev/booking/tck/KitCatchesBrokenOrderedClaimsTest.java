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

/** Rule 27 is only worth something if it passes a working batch and fails batches that break it. */
class KitCatchesBrokenOrderedClaimsTest {

    private static final String RULE_27 = "rule27_orderedClaimsAnswerAsSequentialClaimsAllOrNothing";

    @Test
    void aBatchMadeAsOneWritePassesWithItsFaultPart() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(OrderedClaimsSubjects.Correct.class, RULE_27))
                .execute()
                .testEvents();

        assertThat(events.succeeded().count()).as("rule 27 passed").isEqualTo(1);
    }

    @Test
    void rule27CatchesABatchDecidedOutOfOrder() {
        Throwable failure = onlyFailure(OrderedClaimsSubjects.Reversed.class, RULE_27);

        assertThat(failure).hasMessageContaining("answer #0 of the batch")
                .hasMessageContaining("each request after the ones before it");
    }

    @Test
    void rule27CatchesABatchThatIgnoresItsEarlierRequests() {
        Throwable failure = onlyFailure(OrderedClaimsSubjects.IgnoresEarlierRequests.class, RULE_27);

        assertThat(failure).hasMessageContaining("answer #1 of the batch");
    }

    @Test
    void rule27CatchesABatchCommittedRequestByRequest() {
        Throwable failure = onlyFailure(OrderedClaimsSubjects.CommitsPerRequest.class, RULE_27);

        assertThat(failure).hasMessageContaining("all of it or nothing, never part");
    }

    @Test
    void withoutOrderedClaimsTheRuleIsAbortedAsNotApplicableLoudly() {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Events events;
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            events = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(FaultableLifecycleCompatibilityTest.class, RULE_27))
                    .execute()
                    .testEvents();
        } finally {
            System.setErr(err);
        }

        assertThat(events.aborted().count()).as("rules aborted").isEqualTo(1);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("booking-tck: Rule 27 NOT APPLICABLE to "
                + FaultableLifecycleCompatibilityTest.class.getName() + ": the repository does not implement OrderedClaims");
    }
}
