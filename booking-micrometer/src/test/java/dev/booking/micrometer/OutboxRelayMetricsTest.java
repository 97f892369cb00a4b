package dev.booking.micrometer;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxRelayStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxRelayMetricsTest {

    private static final Tags TAGS = Tags.of("app", "box-office");

    @Test
    void theCountersFollowTheRelaysStatsTaggedWithItsName() {
        InMemoryOutbox outbox = new InMemoryOutbox();
        for (String user : List.of("ok-1", "ok-2", "ok-3", "retry", "reject")) {
            outbox.appendIfAbsent(new Notice(Notice.randomId(), Notice.Kind.BOOKED, UserId.of(user), BookingReference.generate(),
                    List.of(SeatId.of("hamlet", "A1")), null, null, Instant.now()));
        }
        OutboxRelay relay = OutboxRelay.builder(outbox, notice -> switch (notice.user().value()) {
            case "retry" -> new DeliveryResult.RetryLater("the mail server is busy");
            case "reject" -> new DeliveryResult.Rejected("no address");
            default -> DeliveryResult.DELIVERED;
        }).relayName("relay-1").build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new OutboxRelayMetrics(relay, TAGS).bindTo(registry);

        relay.runOnce();

        OutboxRelayStats stats = relay.stats();
        assertThat(counter(registry, BookingMeters.OUTBOX_RELAY_DELIVERED)).isEqualTo(stats.delivered()).isEqualTo(3);
        assertThat(counter(registry, BookingMeters.OUTBOX_RELAY_RETRIED)).isEqualTo(stats.retried()).isEqualTo(1);
        assertThat(counter(registry, BookingMeters.OUTBOX_RELAY_DEAD)).isEqualTo(stats.dead()).isEqualTo(1);
        assertThat(counter(registry, BookingMeters.OUTBOX_RELAY_LOST_LEASES)).isEqualTo(stats.lostLeases()).isZero();
        assertThat(counter(registry, BookingMeters.OUTBOX_RELAY_PURGED)).isEqualTo(stats.purged()).isZero();
        relay.close();
    }

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new OutboxRelayMetrics(null, TAGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relay");
        OutboxRelay relay = OutboxRelay.builder(new InMemoryOutbox(), notice -> DeliveryResult.DELIVERED).build();
        assertThatThrownBy(() -> new OutboxRelayMetrics(relay, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tags(TAGS).tag(BookingMeters.RELAY, "relay-1").functionCounter().count();
    }
}
