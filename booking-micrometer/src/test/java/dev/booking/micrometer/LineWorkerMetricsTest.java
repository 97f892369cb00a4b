package dev.booking.micrometer;

import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.LineWorkerStats;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.memory.InMemoryLine;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineWorkerMetricsTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final ShowId DOOMED = ShowId.of("doomed");
    private static final Tags TAGS = Tags.of("app", "box-office");

    @Test
    void theCountersFollowTheWorkersStatsTaggedWithTheWorkersName() throws InterruptedException {
        InMemoryLine line = InMemoryLine.builder().name("workers-metrics").partitions(1).build();
        SharedLine front = SharedLine.builder(line).build();
        front.submit(ClaimRequest.book(SHOW, UserId.of("ann"), "A1"));
        front.submit(ClaimRequest.book(SHOW, UserId.of("bob"), "A1"));
        front.submit(ClaimRequest.book(SHOW, UserId.of("cat"), "Z9"));
        front.submit(ClaimRequest.book(DOOMED, UserId.of("dan"), "A1"));
        line.appendRaw(0, Ticket.random(), "not a request".getBytes(StandardCharsets.UTF_8));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LineWorkers workers = LineWorkers.builder(line, failingForDoomed()).threads(1).maxAttempts(2)
                .pollWait(Duration.ofMillis(20)).workerName("worker-1").build()) {
            new LineWorkerMetrics(workers, TAGS).bindTo(registry);
            workers.start();
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (workers.stats().decided() < 5) {
                assertThat(System.nanoTime() - giveUp).as("the workers never settled every request").isNegative();
                Thread.sleep(10);
            }
            LineWorkerStats stats = workers.stats();
            assertThat(decisions(registry, BookingMeters.BOOKED)).isEqualTo(stats.booked()).isEqualTo(1);
            assertThat(decisions(registry, BookingMeters.REFUSED)).isEqualTo(stats.refused()).isEqualTo(2);
            assertThat(decisions(registry, BookingMeters.FAILED)).isEqualTo(stats.failed()).isEqualTo(2);
            assertThat(counter(registry, BookingMeters.LINE_DEAD_LETTERS)).isEqualTo(stats.deadLettered()).isEqualTo(2);
            assertThat(counter(registry, BookingMeters.LINE_UNADDRESSED)).isEqualTo(stats.unaddressed()).isZero();
        }
    }

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new LineWorkerMetrics(null, TAGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        LineWorkers workers = LineWorkers.builder(InMemoryLine.builder().build(), new InMemorySeatRepository()).build();
        assertThatThrownBy(() -> new LineWorkerMetrics(workers, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    private static double decisions(SimpleMeterRegistry registry, String outcome) {
        return registry.get(BookingMeters.LINE_DECISIONS).tags(TAGS).tag(BookingMeters.WORKER, "worker-1")
                .tag(BookingMeters.OUTCOME, outcome).functionCounter().count();
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tags(TAGS).tag(BookingMeters.WORKER, "worker-1").functionCounter().count();
    }

    /** Seat A1 of hamlet; every claim for the show "doomed" fails. */
    private static SeatRepository failingForDoomed() {
        InMemorySeatRepository store = new InMemorySeatRepository();
        store.addSeats(SHOW, List.of("A1"));
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(), new Class<?>[] {SeatRepository.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof ClaimRequest request && request.show().equals(DOOMED)) {
                        // not a BookingException: an outage is waited out, a failing request ends failed after its attempts
                        throw new IllegalStateException("this show's requests always fail");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
