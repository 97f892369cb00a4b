package dev.booking.notify.it;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The end-to-end rules are only worth something if they fail when a part breaks its promise: each
 * test runs one rule on H2 with one part broken ({@link BrokenNotificationSubjects}) and expects
 * that rule to fail (the same rules with nothing broken pass: {@link H2NotificationsTest}).
 */
class NotificationsCatchBrokenPartsTest {

    @Test
    void ruleN1aFailsForWorkersThatWriteARefusalTwice() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.LineWritesEveryRefusalTwice.class,
                "n1a_everyQueuedRequestGetsExactlyOneMessage"));

        assertThat(failure).isInstanceOf(AssertionError.class);
    }

    @Test
    void ruleN3FailsForADeliveryWhoseRepeatCarriesANewMessageId() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.NewMessageIdPerAttempt.class,
                "n3_aRelayKilledInTheWindowSendsThatRecordTwiceUnderOneMessageId"));

        assertThat(failure).isInstanceOf(AssertionError.class);
    }

    @Test
    void ruleN4aFailsForADeliveryThatGivesUpDuringAnOutage() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.TemporaryFailuresAreFinal.class,
                "n4a_recordsWaitOutAnSmtpOutage"));

        assertThat(failure).hasMessageContaining("dead records");
    }

    @Test
    void ruleN4bFailsForADeliveryThatRetriesAPermanentRefusal() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.PermanentRefusalsAreRetried.class,
                "n4b_aPermanentRefusalMakesTheRecordDead"));

        assertThat(failure).hasMessageContaining("attempts of a refused record");
    }

    @Test
    void ruleN4cFailsForADeliveryThatGivesUpAtTheFirstTemporaryRefusal() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.TemporaryFailuresAreFinal.class,
                "n4c_temporaryRefusalsBeyondTheBoundedAttemptsMakeTheRecordDead"));

        assertThat(failure).hasMessageContaining("attempts of a record refused for a while");
    }

    @Test
    void ruleN5FailsForAnOutboxWhoseClaimsIgnoreLeases() {
        Throwable failure = onlyFailure(runRule(BrokenNotificationSubjects.ClaimIgnoresLeases.class,
                "n5_twoRelaysSendEveryRecordOnce"));

        assertThat(failure).isInstanceOf(AssertionError.class);
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
