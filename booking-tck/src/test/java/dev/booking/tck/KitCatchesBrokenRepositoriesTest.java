package dev.booking.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** The kit is only worth something if it fails a repository that can double book. */
class KitCatchesBrokenRepositoriesTest {

    @Test
    void rule1FailsForReadThenWrite() {
        Events events = runRule("rule1_exactlyOneOfManyConcurrentCallersWinsASeat");

        assertThat(onlyFailure(events)).isInstanceOf(AssertionError.class).hasMessageContaining("winners of");
    }

    @Test
    void rule2FailsForReadThenWrite() {
        Events events = runRule("rule2_manyUsersOnManySeatsNeitherDoubleBookNorLoseAnything");

        assertThat(events.failed().count()).isEqualTo(1);
    }

    @Test
    void rule9TheLinearizabilityCheckFailsForReadThenWrite() {
        Throwable failure = onlyFailure(runRule(ReadThenWriteSubject.class, "rule9_aRaceOfBookingsAndReadsIsLinearizable"));

        assertThat(failure).hasMessageContaining("NOT linearizable").hasMessageContaining("-> BOOKED");
    }

    @Test
    void rule9TheLinearizabilityCheckFailsForLostAcknowledgedWrites() {
        Throwable failure = onlyFailure(
                runRule(LosesAcknowledgedWritesSubject.class, "rule9_aRaceOfBookingsAndReadsIsLinearizable"));

        assertThat(failure).hasMessageContaining("NOT linearizable");
    }

    @Test
    void rule1FailsForLostAcknowledgedWrites() {
        Events events = runRule(LosesAcknowledgedWritesSubject.class, "rule1_exactlyOneOfManyConcurrentCallersWinsASeat");

        assertThat(events.failed().count()).isEqualTo(1);
    }

    @Test
    void rule10FailsForARepositoryThatFoldsCase() {
        Events events = EngineTestKit.engine("jqwik")
                .selectors(selectClass(CaseFoldingSubject.class))
                .execute()
                .testEvents();

        assertThat(events.failed().count()).as("failed properties").isEqualTo(1);
    }

    @Test
    void theSameSubjectPassesTheRulesThatHaveNoRace() {
        Events events = runRule("rule4_unknownSeatIsNoSuchSeatAndNothingIsCreated");

        assertThat(events.succeeded().count()).isEqualTo(1);
    }

    private static Events runRule(String method) {
        return runRule(ReadThenWriteSubject.class, method);
    }

    private static Throwable onlyFailure(Events events) {
        assertThat(events.failed().count()).as("failed rules").isEqualTo(1);
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    private static Events runRule(Class<?> subject, String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(subject, method))
                .execute()
                .testEvents();
    }
}
