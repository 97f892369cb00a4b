package dev.booking.examples;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.micrometer.BookingMeters;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.waitingroom.WaitingRoom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Micrometer sample registers what the README's table lists, and counts by outcome. */
class MetricsRunTest {

    @Test
    void theMeteredRepositoryCountsAWinAndALossAndEveryPartHasItsMeters() {
        InMemoryOutbox outbox = new InMemoryOutbox();
        SeatRepository direct = InMemorySeatRepository.builder().outbox(outbox).build();
        ShowId show = ShowId.of("hamlet-2026-12-01");
        direct.addSeats(show, List.of("A7"));
        InMemoryLine line = InMemoryLine.builder().name("cinema").build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WaitingRoom room = WaitingRoom.builder(direct).build();
             LineWorkers workers = LineWorkers.builder(line, direct).build();
             OutboxRelay relay = OutboxRelay.builder(outbox, NoticeDelivery.callback(notice -> { })).build()) {
            SeatRepository seats = Metrics.instrument(registry, direct, room, SharedLine.builder(line).build(),
                    workers, outbox, relay);

            assertThat(seats.tryBook(show.seat("A7"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
            assertThat(seats.tryBook(show.seat("A7"), UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);

            assertThat(registry.get(BookingMeters.OPERATIONS).tag(BookingMeters.OUTCOME, "booked").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(BookingMeters.OPERATIONS).tag(BookingMeters.OUTCOME, "taken").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(BookingMeters.WAITING_ROOM_WAITING).gauge().value()).isZero();
            assertThat(registry.get(BookingMeters.LINE_DEPTH).gauges()).isNotEmpty();
            assertThat(registry.get(BookingMeters.LINE_DECISIONS).functionCounters()).isNotEmpty();
            assertThat(registry.get(BookingMeters.OUTBOX_BACKLOG).gauges()).isNotEmpty();
            assertThat(registry.get(BookingMeters.OUTBOX_RELAY_DELIVERED).functionCounter().count()).isZero();
        }
    }
}
