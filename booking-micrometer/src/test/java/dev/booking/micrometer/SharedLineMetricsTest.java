package dev.booking.micrometer;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.testsupport.MutableClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedLineMetricsTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final Tags TAGS = Tags.of("app", "box-office");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T18:00:00Z"));
    private final AtomicLong ticker = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void submitsDepthAndOldestAgeFollowTheLinePerPartition() {
        InMemoryLine line = InMemoryLine.builder().name("metered-line").partitions(2).capacity(2).clock(clock).build();
        SharedLine front = SharedLine.builder(line).clock(clock).build();
        new SharedLineMetrics(front, TAGS, ticker::get).bindTo(registry);
        int busy = line.partitionOf(SHOW);
        int idle = 1 - busy;

        front.submit(book("ann"));
        clock.advance(Duration.ofSeconds(4));
        front.submit(book("bob"));
        front.submit(book("cat")); // the partition holds 2: busy
        clock.advance(Duration.ofSeconds(1));

        assertThat(submits(BookingMeters.ACCEPTED)).isEqualTo(2);
        assertThat(submits(BookingMeters.BUSY)).isEqualTo(1);
        assertThat(depth(busy)).isEqualTo(2);
        assertThat(oldestAgeSeconds(busy)).isEqualTo(5.0);
        assertThat(depth(idle)).isZero();
        assertThat(oldestAgeSeconds(idle)).isZero();

        try (LineConsumer consumer = line.openConsumer("reader")) {
            consumer.acknowledge(consumer.poll(1, Duration.ofSeconds(5)));
        }
        assertThat(depth(busy)).as("kept for a second: a scrape's gauges share one reading").isEqualTo(2);
        ticker.addAndGet(SharedLineMetrics.DEFAULT_CACHE_FOR.toNanos());
        assertThat(depth(busy)).isEqualTo(1);
        assertThat(oldestAgeSeconds(busy)).isEqualTo(1.0);
        assertThat(registry.get(BookingMeters.LINE_DEPTH).tags(TAGS).tag(BookingMeters.PARTITION, "0").gauge().getId()
                .getTag(BookingMeters.LINE)).isEqualTo("metered-line");
    }

    @Test
    void aTransportThatCannotTellOrFailsReadsNaNAndTheBrokerIsReadOncePerInterval() {
        InMemoryLine memory = InMemoryLine.builder().name("flaky").partitions(1).build();
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        SharedLine front = SharedLine.builder(transport(memory, failing, reads)).build();
        new SharedLineMetrics(front, TAGS, ticker::get).bindTo(registry);
        front.submit(book("ann"));

        assertThat(depth(0)).isNaN();
        assertThat(oldestAgeSeconds(0)).isNaN();
        assertThat(reads).as("the failure is kept for the interval too").hasValue(1);
        failing.set(false);
        ticker.addAndGet(SharedLineMetrics.DEFAULT_CACHE_FOR.toNanos());
        assertThat(depth(0)).isEqualTo(1);
        assertThat(oldestAgeSeconds(0)).isNaN(); // this transport does not know the age
        assertThat(reads).hasValue(2);
    }

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new SharedLineMetrics(null, TAGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line");
        SharedLine front = SharedLine.builder(InMemoryLine.builder().build()).build();
        assertThatThrownBy(() -> new SharedLineMetrics(front, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    private double submits(String outcome) {
        return registry.get(BookingMeters.LINE_SUBMITS).tags(TAGS).tag(BookingMeters.OUTCOME, outcome).functionCounter().count();
    }

    private double depth(int partition) {
        return registry.get(BookingMeters.LINE_DEPTH).tags(TAGS).tag(BookingMeters.PARTITION, Integer.toString(partition))
                .gauge().value();
    }

    private double oldestAgeSeconds(int partition) {
        return registry.get(BookingMeters.LINE_OLDEST_AGE).tags(TAGS).tag(BookingMeters.PARTITION, Integer.toString(partition))
                .timeGauge().value(TimeUnit.SECONDS);
    }

    private static ClaimRequest book(String user) {
        return ClaimRequest.book(SHOW, UserId.of(user), "A1");
    }

    /** {@code line}, except that its backlog throws while {@code failing} and never knows the age; counts backlog reads. */
    private static LineTransport transport(InMemoryLine line, AtomicBoolean failing, AtomicInteger reads) {
        return (LineTransport) Proxy.newProxyInstance(LineTransport.class.getClassLoader(), new Class<?>[] {LineTransport.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("backlog")) {
                        reads.incrementAndGet();
                        if (failing.get()) {
                            throw new BookingException(BookingException.Failure.CONNECTION, "the broker is away");
                        }
                        int partition = (Integer) args[0];
                        return Optional.of(LineBacklog.ageUnknown(partition, line.depth(partition)));
                    }
                    try {
                        return method.invoke(line, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
