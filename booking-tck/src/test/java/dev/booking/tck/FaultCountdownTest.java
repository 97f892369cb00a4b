package dev.booking.tck;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultCountdownTest {

    @Test
    void firesExactlyAsOftenAsArmedThenStops() {
        FaultCountdown countdown = new FaultCountdown();
        assertThat(countdown.fire()).as("unarmed").isFalse();

        countdown.arm(2);

        assertThat(List.of(countdown.fire(), countdown.fire(), countdown.fire())).containsExactly(true, true, false);
        assertThat(countdown.fired()).isEqualTo(2);
        assertThat(countdown.remaining()).isZero();
    }

    @Test
    void armingAgainReplacesAndDisarmingStopsWhatHasNotFired() {
        FaultCountdown countdown = new FaultCountdown();
        countdown.arm(5);
        countdown.fire();

        countdown.arm(1);
        assertThat(countdown.remaining()).isEqualTo(1);
        countdown.arm(3);
        countdown.disarm();

        assertThat(countdown.fire()).isFalse();
        assertThat(countdown.fired()).as("fired in total, across arms").isEqualTo(1);
    }

    @Test
    void rejectsANegativeCountNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultCountdown().arm(-1)).withMessageContaining("n");
    }

    @Test
    void concurrentCallersAreToldYesExactlyAsOftenAsArmed() {
        FaultCountdown countdown = new FaultCountdown();
        int armed = 37;
        countdown.arm(armed);

        List<Race.Attempt<Integer>> attempts = Race.run(16, caller -> () -> {
            int yes = 0;
            for (int i = 0; i < 100; i++) {
                yes += countdown.fire() ? 1 : 0;
            }
            return yes;
        }, Duration.ofSeconds(60));

        assertThat(Attempts.failures(attempts)).isEmpty();
        assertThat(Attempts.values(attempts).stream().mapToInt(Integer::intValue).sum()).isEqualTo(armed);
        assertThat(countdown.fired()).isEqualTo(armed);
        assertThat(countdown.remaining()).isZero();
    }
}
