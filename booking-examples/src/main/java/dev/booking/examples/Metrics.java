package dev.booking.examples;

import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.micrometer.BookingMeters;
import dev.booking.micrometer.LineWorkerMetrics;
import dev.booking.micrometer.MeteredSeatRepository;
import dev.booking.micrometer.OutboxMetrics;
import dev.booking.micrometer.OutboxRelayMetrics;
import dev.booking.micrometer.SharedLineMetrics;
import dev.booking.micrometer.WaitingRoomMetrics;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.waitingroom.WaitingRoom;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** The README's Micrometer wiring without Spring. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * Answers {@code jdbcSeats} metered into {@code registry}, and binds the meters of the other parts
     * of a service: its waiting room, shared line, line workers, outbox and relay.
     */
    public static SeatRepository instrument(MeterRegistry registry, SeatRepository jdbcSeats, WaitingRoom room,
                                            SharedLine line, LineWorkers workers, OutboxStore jdbcOutbox,
                                            OutboxRelay relay) {
        // sample:metrics
        registry.config().meterFilter(BookingMeters.latencyDistribution());   // optional: p50/p95/p99 + histogram
        SeatRepository seats = MeteredSeatRepository.wrap(jdbcSeats, registry, Tags.of("store", "postgres"));
        new WaitingRoomMetrics(room, Tags.empty()).bindTo(registry);
        new SharedLineMetrics(line, Tags.empty()).bindTo(registry);
        new LineWorkerMetrics(workers, Tags.empty()).bindTo(registry);         // give the workers jdbcSeats itself
        new OutboxMetrics(jdbcOutbox, Tags.empty()).bindTo(registry);         // counts cached 5 s
        new OutboxRelayMetrics(relay, Tags.empty()).bindTo(registry);
        // end-sample:metrics
        return seats;
    }
}
