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

    private static final String RULE_7 = "rule7_identifiersAreStoredVerbatimAndComparedExactly";

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
        Throwable failure = onlyFailure(runClass(CaseFoldingSubject.class));

        assertThat(failure).hasMessageContaining("Rule 10 failed on corpus identifier")
                .hasMessageContaining("replay the run with -Dbooking.tck.seed=");
    }

    @Test
    void rule10FailsForARepositoryThatTrimsTrailingSpaces() {
        Throwable failure = onlyFailure(runClass(HostileInputSubjects.TrimsTrailingSpaces.class));

        assertThat(failure).hasMessageContaining("seat=SPACE_VARIANTS \"A1\\u0020\"");
    }

    @Test
    void rule10FailsForARepositoryThatNormalisesUnicode() {
        Throwable failure = onlyFailure(runClass(HostileInputSubjects.NormalisesUnicode.class));

        assertThat(failure).hasMessageContaining("seat=CANONICAL_EQUIVALENTS \"cafe\\u0301\"");
    }

    @Test
    void rule10NamesTheSeedItWasGivenSoThatAFailureCanBeReplayed() {
        String before = System.getProperty("booking.tck.seed");
        System.setProperty("booking.tck.seed", "-1234567890123");
        try {
            Throwable failure = onlyFailure(runClass(HostileInputSubjects.TrimsTrailingSpaces.class));

            assertThat(failure).hasMessageContaining("seed -1234567890123;")
                    .hasMessageContaining("-Dbooking.tck.seed=-1234567890123 or BOOKING_TCK_SEED=-1234567890123");
        } finally {
            if (before == null) {
                System.clearProperty("booking.tck.seed");
            } else {
                System.setProperty("booking.tck.seed", before);
            }
        }
    }

    @Test
    void rule10PassesOnTheReferenceImplementationAndSkipsNothing() {
        Events events = runClass(InMemoryHostileInputCompatibilityTest.class);

        assertThat(events.failed().count()).as("failed").isZero();
        assertThat(events.skipped().count() + events.aborted().count()).as("skipped or aborted").isZero();
        assertThat(events.succeeded().count()).as("identifiers and cases checked")
                .isEqualTo(HostileIdentifiers.corpus().size() + 300L);
    }

    @Test
    void rule7FailsForARepositoryThatComparesUsersIgnoringCase() {
        Throwable failure = onlyFailure(runRule(LooseOwnerSubjects.IgnoresCase.class, RULE_7));

        assertThat(failure).hasMessageContaining("tryBook by \"Ann\" of the seat \"ann\" owns")
                .hasMessageContaining("users are compared exactly").hasMessageContaining("AlreadyYours");
    }

    @Test
    void rule7FailsForARepositoryThatComparesUsersIgnoringTrailingSpaces() {
        Throwable failure = onlyFailure(runRule(LooseOwnerSubjects.IgnoresTrailingSpaces.class, RULE_7));

        assertThat(failure).hasMessageContaining("tryBook by \"ann\\u0020\" of the seat \"ann\" owns")
                .hasMessageContaining("AlreadyYours");
    }

    @Test
    void rule7FailsForARepositoryThatComparesUsersNormalisingUnicode() {
        Throwable failure = onlyFailure(runRule(LooseOwnerSubjects.NormalisesUnicode.class, RULE_7));

        assertThat(failure).hasMessageContaining("tryBook by \"rene\\u0301e\" of the seat \"ren\\u00E9e\" owns")
                .hasMessageContaining("AlreadyYours");
    }

    @Test
    void theLooseOwnerSubjectsPassTheRacesTheirPlainUsersRun() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LooseOwnerSubjects.IgnoresCase.class, "rule3_sameUserAgainGetsAlreadyYoursAndNothingChanges"),
                        selectMethod(LooseOwnerSubjects.NormalisesUnicode.class, "rule8_showsAreIndependent"))
                .execute()
                .testEvents();

        assertThat(events.succeeded().count()).isEqualTo(2);
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

    private static Events runClass(Class<?> subject) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(subject))
                .execute()
                .testEvents();
    }

    private static Events runRule(Class<?> subject, String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(subject, method))
                .execute()
                .testEvents();
    }
}
