package dev.booking.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** Each lifecycle rule is only worth something if it fails a repository that breaks it. */
class KitCatchesBrokenLifecyclesTest {

    private static final String TIMEOUT = "booking.tck.timeout.seconds";
    private static final String RULE_17 = "rule17_notYoursReleaseAndConfirmChangeNothing";
    private static final String RULE_23 = "rule23_oneReferenceNamesOneClaim";
    private static final String RULE_24 = "rule24_everyUnconfirmedHoldEndsWithExactlyOneExpiredEvent";

    @Test
    void rule15CatchesPartialGroupsLeftBehind() {
        Throwable failure = onlyFailure(LifecycleSubjects.PartialGroups.class, "rule15_overlappingGroupClaimsAreAllOrNothing");

        assertThat(failure).hasMessageContaining("partial group was left behind");
    }

    @Test
    void rule12CatchesHoldsThatNeverExpire() {
        // the subject's clock stands still, so no wait ends the hold: a 2 s deadline (6 holds long)
        // shows that as surely as the 16 s the rule allows a real store, and saves 14 s of CI
        Throwable failure = withTimeoutSeconds(2, () -> onlyFailure(LifecycleSubjects.NeverExpires.class,
                "rule12_anExpiredHoldIsFreeForOneNewWinnerAndItsHolderCannotConfirm"));

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
        Throwable failure = onlyFailure(LifecycleSubjects.ReleasesForAnyone.class, RULE_17);

        assertThat(failure).hasMessageContaining("NotYours");
    }

    @Test
    void rule17CatchesOwnersComparedIgnoringCase() {
        Throwable failure = onlyFailure(LooseOwnerSubjects.IgnoresCaseInLifecycle.class, RULE_17);

        assertEveryOwnerComparisonIsNamed(failure, "by \"Ann\" of what \"ann\" owns");
    }

    @Test
    void rule17CatchesOwnersComparedIgnoringTrailingSpaces() {
        Throwable failure = onlyFailure(LooseOwnerSubjects.IgnoresTrailingSpacesInLifecycle.class, RULE_17);

        assertEveryOwnerComparisonIsNamed(failure, "by \"ann\\u0020\" of what \"ann\" owns");
    }

    @Test
    void rule17CatchesOwnersComparedAfterUnicodeNormalisation() {
        Throwable failure = onlyFailure(LooseOwnerSubjects.NormalisesUnicodeInLifecycle.class, RULE_17);

        assertEveryOwnerComparisonIsNamed(failure, "by \"rene\\u0301e\" of what \"ren\\u00E9e\" owns");
    }

    @Test
    void rule21CatchesASweepThatIgnoresItsLimit() {
        Throwable failure = onlyFailure(LifecycleSubjects.IgnoresSweepLimit.class,
                "rule21_concurrentSweepsClearEachExpiredHoldOnce");

        assertThat(failure).hasMessageContaining("one sweepExpiredHolds(2) call cleared, by its answer: at most the limit");
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
    void rule23CatchesAReferenceBoundAfterTheClaimInsteadOfWithIt() {
        Throwable failure = onlyFailure(LifecycleSubjects.CheckThenClaim.class, RULE_23);

        assertThat(failure).hasMessageContaining("claims of different seats that won under the one reference");
    }

    @Test
    void rule23CatchesAReferenceForgottenWhenItsSeatsAreReleased() {
        Throwable failure = onlyFailure(LifecycleSubjects.ForgetsReleasedReferences.class, RULE_23);

        assertThat(failure).hasMessageContaining("other seats under a reference whose seats were released");
    }

    @Test
    void theBrokenReferenceBindingsPassTheRulesTheyDoNotBreak() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LifecycleSubjects.CheckThenClaim.class,
                                "rule16_theSameReferenceRetriedGetsTheSameOutcomeAndClaimsOnce"),
                        selectMethod(LifecycleSubjects.CheckThenClaim.class, "rule18_theLifecycleInSequence"),
                        selectMethod(LifecycleSubjects.ForgetsReleasedReferences.class,
                                "rule16_theSameReferenceRetriedGetsTheSameOutcomeAndClaimsOnce"),
                        selectMethod(LifecycleSubjects.ForgetsReleasedReferences.class,
                                "rule17_notYoursReleaseAndConfirmChangeNothing"))
                .execute()
                .testEvents();

        assertThat(events.succeeded().count()).isEqualTo(4);
    }

    @Test
    void rule24CatchesTakeoversThatDoNotTellTheHoldExpired() {
        Throwable failure = onlyFailure(LifecycleSubjects.ExpiresOnlyInSweeps.class, RULE_24);

        assertThat(failure).hasMessageContaining("each takeover tells the old holder first");
    }

    @Test
    void rule24CatchesAHoldToldExpiredByItsTakerAndAgainByTheSweep() {
        Throwable failure = onlyFailure(LifecycleSubjects.ExpiresTwice.class, RULE_24);

        assertThat(failure).hasMessageContaining("the sweeps tell nothing more");
    }

    @Test
    void theBrokenSubjectsPassTheRulesTheyDoNotBreak() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LifecycleSubjects.PartialGroups.class, "rule11_exactlyOneOfManyConcurrentCallersWinsAHold"),
                        selectMethod(LifecycleSubjects.IgnoresReferences.class, "rule19_aGroupWithAnUnavailableOrMissingSeatChangesNothing"),
                        selectMethod(LifecycleSubjects.IgnoresSweepLimit.class, "rule18_theLifecycleInSequence"),
                        selectMethod(LooseOwnerSubjects.IgnoresCaseInLifecycle.class,
                                "rule14_releaseRacingRebookingIsLinearizable"),
                        selectMethod(LifecycleSubjects.ExpiresOnlyInSweeps.class,
                                "rule21_concurrentSweepsClearEachExpiredHoldOnce"),
                        selectMethod(LifecycleSubjects.ExpiresTwice.class, "rule18_theLifecycleInSequence"))
                .execute()
                .testEvents();

        assertThat(events.succeeded().count()).isEqualTo(6);
    }

    /** The failure names every operation that let the look-alike act for the owner. */
    private static void assertEveryOwnerComparisonIsNamed(Throwable failure, String who) {
        assertThat(failure).hasMessageContaining("users are compared exactly");
        for (String operation : List.of("tryBook of a held seat", "confirm", "the claim retried under its reference",
                "release by seat of a hold", "release by reference of a hold")) {
            assertThat(failure).hasMessageContaining(operation + " " + who);
        }
    }

    /** Runs {@code run} with the kit's deadline for a race or a wait set to {@code seconds}. */
    private static <T> T withTimeoutSeconds(int seconds, Supplier<T> run) {
        String before = System.getProperty(TIMEOUT);
        System.setProperty(TIMEOUT, Integer.toString(seconds));
        try {
            return run.get();
        } finally {
            if (before == null) {
                System.clearProperty(TIMEOUT);
            } else {
                System.setProperty(TIMEOUT, before);
            }
        }
    }

    /** Runs one rule on a subject and returns the one failure it must end with; shared with the fault tests. */
    static Throwable onlyFailure(Class<?> subject, String method) {
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
