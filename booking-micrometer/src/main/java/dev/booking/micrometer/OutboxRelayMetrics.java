package dev.booking.micrometer;

import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxRelayStats;
import dev.booking.core.spi.Arguments;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * Publishes an {@link OutboxRelay}'s {@link OutboxRelay#stats() counters}, tagged
 * {@value BookingMeters#RELAY} with {@link OutboxRelay#name()}: the function counters
 * {@value BookingMeters#OUTBOX_RELAY_DELIVERED}, {@value BookingMeters#OUTBOX_RELAY_RETRIED},
 * {@value BookingMeters#OUTBOX_RELAY_DEAD}, {@value BookingMeters#OUTBOX_RELAY_LOST_LEASES} and
 * {@value BookingMeters#OUTBOX_RELAY_PURGED}. They count this relay's work since it was built and
 * are in memory: a scrape costs no I/O. The outbox's backlog is {@link OutboxMetrics}'.
 *
 * <p>The meters hold the relay weakly, as Micrometer's own binders do. Thread-safe.
 */
public final class OutboxRelayMetrics implements MeterBinder {

    private final OutboxRelay relay;
    private final Tags tags;

    /**
     * Metrics of {@code relay}.
     *
     * @param relay the relay
     * @param tags  tags added to every meter, besides the relay's name; may be empty
     * @throws IllegalArgumentException naming {@code relay} or {@code tags} if missing
     */
    public OutboxRelayMetrics(OutboxRelay relay, Iterable<Tag> tags) {
        this.relay = Arguments.requirePresent("relay", relay);
        this.tags = Tags.of(Arguments.requirePresent("tags", tags)).and(BookingMeters.RELAY, relay.name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, BookingMeters.OUTBOX_RELAY_DELIVERED, OutboxRelayStats::delivered,
                "Outbox records this relay delivered");
        counter(registry, BookingMeters.OUTBOX_RELAY_RETRIED, OutboxRelayStats::retried,
                "Failed deliveries this relay scheduled again");
        counter(registry, BookingMeters.OUTBOX_RELAY_DEAD, OutboxRelayStats::dead,
                "Outbox records that went dead at this relay");
        counter(registry, BookingMeters.OUTBOX_RELAY_LOST_LEASES, OutboxRelayStats::lostLeases,
                "Outbox records whose lease passed to another relay before this one marked them");
        counter(registry, BookingMeters.OUTBOX_RELAY_PURGED, OutboxRelayStats::purged,
                "Outbox records this relay purged after their retention");
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<OutboxRelayStats> count, String description) {
        FunctionCounter.builder(name, relay, r -> count.applyAsDouble(r.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
