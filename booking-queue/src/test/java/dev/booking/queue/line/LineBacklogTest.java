package dev.booking.queue.line;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineBacklogTest {

    @Test
    void aKnownAndAnUnknownAgeAreTellableApart() {
        assertThat(LineBacklog.of(2, 5, Duration.ofSeconds(3)).oldestAge()).contains(Duration.ofSeconds(3));
        assertThat(LineBacklog.ageUnknown(2, 5).oldestAge()).isEmpty();
        assertThat(LineBacklog.ageUnknown(0, 0)).isEqualTo(new LineBacklog(0, 0, Optional.empty()));
        assertThat(LineBacklog.of(0, 0, Duration.ZERO).oldestAge()).contains(Duration.ZERO);
    }

    @Test
    void badPartsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> LineBacklog.of(-1, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> LineBacklog.ageUnknown(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waiting");
        assertThatThrownBy(() -> new LineBacklog(0, 1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldestAge");
        assertThatThrownBy(() -> LineBacklog.of(0, 1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldestAge");
        assertThatThrownBy(() -> LineBacklog.of(0, 1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldestAge");
        assertThatThrownBy(() -> LineBacklog.of(0, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldestAge");
    }

    @Test
    void sharedLineStatsRejectNegativeCounts() {
        assertThatThrownBy(() -> new SharedLineStats(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accepted");
        assertThatThrownBy(() -> new SharedLineStats(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busy");
    }
}
