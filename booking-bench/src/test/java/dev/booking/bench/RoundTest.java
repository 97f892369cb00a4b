package dev.booking.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Rounds on the kit's Race: answers by caller, failures counted, rounds in order, and callers still out at the timeout. */
class RoundTest {

    @Test
    void everyCallerIsAnsweredInCallerOrderAndFailuresAreCounted() {
        ErrorTally errors = new ErrorTally();

        Round round = Round.run(50, caller -> {
            if (caller == 7) {
                throw new IllegalStateException("database down");
            }
            return caller == 3 ? Answer.WON : Answer.LOST;
        }, Duration.ofSeconds(30), errors, null);

        assertThat(round.answers()).hasSize(50).containsOnly(Answer.WON, Answer.LOST, Answer.FAILED);
        assertThat(round.answers().get(3)).isEqualTo(Answer.WON);
        assertThat(round.answers().get(7)).isEqualTo(Answer.FAILED);
        assertThat(errors.samples()).containsEntry("IllegalStateException: database down", 1L);
        assertThat(round.callMicros().getTotalCount()).isEqualTo(50);
        assertThat(round.sinceGateMicros().getTotalCount()).isEqualTo(50);
        assertThat(round.unanswered()).isZero();
    }

    @Test
    void roundsRunOneAfterTheOtherOnTheSameThreads() {
        int callers = 20;
        Thread[][] threads = new Thread[3][callers];
        AtomicInteger[] answeredInRound = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger outOfOrder = new AtomicInteger();

        List<Round> rounds = Round.run(callers, 3, (round, caller) -> {
            threads[round][caller] = Thread.currentThread();
            if (round > 0 && answeredInRound[round - 1].get() != callers) {
                outOfOrder.incrementAndGet(); // a round opened before the previous one was fully answered
            }
            answeredInRound[round].incrementAndGet();
            return caller == round ? Answer.WON : Answer.LOST;
        }, Duration.ofSeconds(30), new ErrorTally(), null);

        assertThat(rounds).hasSize(3);
        assertThat(outOfOrder).hasValue(0);
        for (int round = 0; round < 3; round++) {
            assertThat(rounds.get(round).answers().get(round)).isEqualTo(Answer.WON);
            assertThat(rounds.get(round).answers()).filteredOn(answer -> answer == Answer.LOST).hasSize(callers - 1);
            assertThat(threads[round]).containsExactly(threads[0]);
        }
    }

    @Test
    void aRoundWithACallerStillOutIsTheLast() {
        List<Round> rounds = Round.run(3, 5, (round, caller) -> {
            if (round == 1 && caller == 2) {
                sleepUnlessInterrupted(TimeUnit.SECONDS.toMillis(5));
            }
            return Answer.LOST;
        }, Duration.ofMillis(500), new ErrorTally(), null);

        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0).unanswered()).isZero();
        assertThat(rounds.get(1).answers()).containsExactly(Answer.LOST, Answer.LOST, Answer.UNANSWERED);
    }

    @Test
    void callersStillOutAtTheTimeoutAreUnanswered() {
        CountDownLatch never = new CountDownLatch(1);

        Round round = Round.run(4, caller -> {
            if (caller == 0) {
                try {
                    never.await(1, TimeUnit.MINUTES); // the round interrupts it when it gives up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Answer.LOST;
        }, Duration.ofMillis(500), new ErrorTally(), null);

        assertThat(round.answers().get(0)).isEqualTo(Answer.UNANSWERED);
        assertThat(round.answers().subList(1, 4)).containsOnly(Answer.LOST);
        assertThat(round.unanswered()).isEqualTo(1);
        assertThat(round.wallNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    private static void sleepUnlessInterrupted(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the round interrupts a caller it has given up on
        }
    }
}
