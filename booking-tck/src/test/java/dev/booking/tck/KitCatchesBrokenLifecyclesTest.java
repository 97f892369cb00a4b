package dev.booking.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** Each lifecycle rule is only worth something if it fails a repository that breaks it. */
class KitCatchesBrokenLifecyclesTest {

    @Test
    void rule15CatchesPartialGroupsLeftBehind() {
        Throwable failure = onlyFailure(LifecycleSubjects.PartialGroups.class, "rule15_overlappingGroupClaimsAreAllOrNothing");

        assertThat(failure).hasMessageContaining("partial group was left behind");
    }

    @Test
    void rule12CatchesHoldsThatNeverExpire() {
        Throwable failure = onlyFailure(LifecycleSubjects.NeverExpires.class,
                "rule12_anExpiredHoldIsFreeForOneNewWinnerAndItsHolderCannotConfirm");

        assertThat(failure).hasMessageContaining("did not expire");
    }

    @Test
    void rule16CatchesRetriesThatAreNotRecognised() {
        Throwable failure = onlyFailure(LifecycleSubjects.IgnoresReferences.class,
                "rule16_theSameReferenceRetriedGetsTheSameOutcomeAndClaimsOnce");

        assertThat(failure).hasMessageContaining("the same hold, sent again");
    }

    @Test
    void rule17CatchesReleasesOfSomeoneElsesSeat() {
        Throwable failure = onlyFailure(LifecycleSubjects.ReleasesForAnyone.class,
                "rule17_notYoursReleaseAndConfirmChangeNothing");

        assertThat(failure).hasMessageContaining("NotYours");
    }

    @Test
    void rule14TheLinearizabilityCheckCatchesReleasesOfSomeoneElsesSeat() {
        Throwable failure = onlyFailure(LifecycleSubjects.ReleasesForAnyone.class,
                "rule14_releaseRacingRebookingIsLinearizable");

        assertThat(failure).hasMessageContaining("NOT linearizable");
    }

    @Test
    void rule20CatchesAListenerToldBeforeTheChange() {
        Throwable failure = onlyFailure(LifecycleSubjects.TellsBeforeCommit.class,
                "rule20_theListenerHearsCommittedChangesOnlyAndCannotUndoThem");

        assertThat(failure).hasMessageContaining("was told while the seat read");
    }

    @Test
    void theBrokenSubjectsPassTheRulesTheyDoNotBreak() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LifecycleSubjects.PartialGroups.class, "rule11_exactlyOneOfManyConcurrentCallersWinsAHold"),
                        selectMethod(LifecycleSubjects.IgnoresReferences.class, "rule17_notYoursReleaseAndConfirmChangeNothing"))
                .execute()
                .testEvents();

        assertThat(events.succeeded().count()).isEqualTo(2);
    }

    private static Throwable onlyFailure(Class<?> subject, String method) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(subject, method))
                .execute()
                .testEvents();
        assertThat(events.failed().count()).as("failed rules").isEqualTo(1);
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }
}
