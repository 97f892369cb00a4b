package dev.booking.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** The kit is only worth something if it fails a repository that can double book. */
class KitCatchesBrokenRepositoriesTest {

    @Test
    void rule1FailsForReadThenWrite() {
        Events events = runRule("rule1_exactlyOneOfManyConcurrentCallersWinsASeat");

        assertThat(events.failed().count()).isEqualTo(1);
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("winners of");
    }

    @Test
    void rule2FailsForReadThenWrite() {
        Events events = runRule("rule2_manyUsersOnManySeatsNeitherDoubleBookNorLoseAnything");

        assertThat(events.failed().count()).isEqualTo(1);
    }

    @Test
    void theSameSubjectPassesTheRulesThatHaveNoRace() {
        Events events = runRule("rule4_unknownSeatIsNoSuchSeatAndNothingIsCreated");

        assertThat(events.succeeded().count()).isEqualTo(1);
    }

    private static Events runRule(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(ReadThenWriteSubject.class, method))
                .execute()
                .testEvents();
    }
}
