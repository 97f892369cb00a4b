package dev.booking.micrometer;

import dev.booking.core.spi.Arguments;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link WaitingRoom}'s {@link WaitingRoom#stats() counters}: the gauges
 * {@value BookingMeters#WAITING_ROOM_WAITING} and {@value BookingMeters#WAITING_ROOM_IN_FLIGHT}, and
 * the function counters {@value BookingMeters#WAITING_ROOM_SUBMITTED},
 * {@value BookingMeters#WAITING_ROOM_ANSWERED} (tagged {@value BookingMeters#OUTCOME} served, busy,
 * timed_out, failed, closed: their sum is every answer), {@value BookingMeters#WAITING_ROOM_SHORT_CIRCUITED}
 * and {@value BookingMeters#WAITING_ROOM_REPOSITORY_CALLS}. Each reading takes a fresh snapshot; the
 * room keeps its counters in memory, so a scrape costs no I/O.
 *
 * <pre>{@code
 * new WaitingRoomMetrics(room, Tags.of("room", "box-office")).bindTo(registry);
 * }</pre>
 *
 * <p>The meters hold the room weakly, as Micrometer's own binders hold what they measure: they do
 * not keep a discarded room alive, and read NaN once it is gone. Thread-safe; may be bound to
 * several registries.
 */
public final class WaitingRoomMetrics implements MeterBinder {

    private final WaitingRoom room;
    private final Tags tags;

    /**
     * Metrics of {@code room}.
     *
     * @param room the waiting room
     * @param tags tags added to every meter; may be empty
     * @throws IllegalArgumentException naming {@code room} or {@code tags} if missing
     */
    public WaitingRoomMetrics(WaitingRoom room, Iterable<Tag> tags) {
        this.room = Arguments.requirePresent("room", room);
        this.tags = Tags.of(Arguments.requirePresent("tags", tags));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(BookingMeters.WAITING_ROOM_WAITING, room, r -> r.stats().queueDepth())
                .description("Requests admitted to the waiting room and not yet answered")
                .tags(tags)
                .register(registry);
        Gauge.builder(BookingMeters.WAITING_ROOM_IN_FLIGHT, room, r -> r.stats().callsInFlight())
                .description("Repository calls the waiting room is running now")
                .tags(tags)
                .register(registry);
        counter(registry, BookingMeters.WAITING_ROOM_SUBMITTED, Tags.empty(), WaitingRoomStats::submitted,
                "Requests submitted to the waiting room with valid arguments");
        answered(registry, BookingMeters.SERVED, WaitingRoomStats::served);
        answered(registry, BookingMeters.BUSY, WaitingRoomStats::busy);
        answered(registry, BookingMeters.TIMED_OUT, WaitingRoomStats::timedOut);
        answered(registry, BookingMeters.FAILED, WaitingRoomStats::failed);
        answered(registry, BookingMeters.CLOSED, WaitingRoomStats::closed);
        counter(registry, BookingMeters.WAITING_ROOM_SHORT_CIRCUITED, Tags.empty(), WaitingRoomStats::shortCircuited,
                "Served requests the waiting room answered without a repository call of their own");
        counter(registry, BookingMeters.WAITING_ROOM_REPOSITORY_CALLS, Tags.empty(), WaitingRoomStats::repositoryCalls,
                "Calls the waiting room made into its repository");
    }

    private void answered(MeterRegistry registry, String outcome, ToDoubleFunction<WaitingRoomStats> count) {
        counter(registry, BookingMeters.WAITING_ROOM_ANSWERED, Tags.of(BookingMeters.OUTCOME, outcome), count,
                "Requests the waiting room answered, by outcome");
    }

    private void counter(MeterRegistry registry, String name, Tags extra, ToDoubleFunction<WaitingRoomStats> count,
                         String description) {
        FunctionCounter.builder(name, room, r -> count.applyAsDouble(r.stats()))
                .description(description)
                .tags(tags.and(extra))
                .register(registry);
    }
}
