package dev.booking.micrometer;

import dev.booking.core.BookingException;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxMetricsTest {

    private static final Tags TAGS = Tags.of("store", "postgres");

    private final Map<OutboxState, Long> counts = new EnumMap<>(Map.of(OutboxState.PENDING, 7L, OutboxState.SENT, 40L,
            OutboxState.DEAD, 2L));
    private final AtomicInteger countCalls = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong ticker = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theBacklogByStateIsReadOncePerIntervalWhateverTheScrapes() {
        new OutboxMetrics(store(), TAGS, Duration.ofSeconds(5), ticker::get).bindTo(registry);

        for (int scrape = 0; scrape < 10; scrape++) {
            assertThat(backlog("pending")).isEqualTo(7);
            assertThat(backlog("sent")).isEqualTo(40);
            assertThat(backlog("dead")).isEqualTo(2);
        }
        assertThat(countCalls).as("one count per state for ten scrapes").hasValue(3);

        counts.put(OutboxState.PENDING, 9L);
        ticker.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(backlog("pending")).as("still within the interval").isEqualTo(7);
        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(backlog("pending")).isEqualTo(9);
        assertThat(countCalls).hasValue(6);
    }

    @Test
    void aFailingCountReadsNaNWithoutBreakingTheScrapeAndIsNotRetriedWithinTheInterval() {
        new OutboxMetrics(store(), TAGS, Duration.ofSeconds(5), ticker::get).bindTo(registry);
        failing.set(true);

        assertThat(backlog("pending")).isNaN();
        assertThat(backlog("dead")).isNaN();
        assertThat(registry.getMeters()).as("every meter still reads").allSatisfy(meter -> meter.measure());
        assertThat(countCalls).as("a store that is down is not asked again at every gauge").hasValue(1);

        ticker.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(backlog("pending")).isNaN();
        failing.set(false);
        ticker.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(backlog("pending")).as("back once the store is").isEqualTo(7);
    }

    @Test
    void zeroCachingReadsAtEveryScrapeAndBadArgumentsAreRejectedNamingThem() {
        new OutboxMetrics(store(), TAGS, Duration.ZERO, ticker::get).bindTo(registry);
        backlog("pending");
        backlog("pending");
        assertThat(countCalls).hasValue(6);

        assertThatThrownBy(() -> new OutboxMetrics(null, TAGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store");
        assertThatThrownBy(() -> new OutboxMetrics(store(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
        assertThatThrownBy(() -> new OutboxMetrics(store(), TAGS, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheFor");
        assertThatThrownBy(() -> new OutboxMetrics(store(), TAGS, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheFor");
    }

    private double backlog(String state) {
        return registry.get(BookingMeters.OUTBOX_BACKLOG).tags(TAGS).tag(BookingMeters.STATE, state).gauge().value();
    }

    /** Answers {@link #counts}, counting the calls; throws while {@link #failing}. */
    private OutboxStore store() {
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("count")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    countCalls.incrementAndGet();
                    if (failing.get()) {
                        throw new BookingException(BookingException.Failure.CONNECTION, "the database is down");
                    }
                    return counts.get((OutboxState) args[0]);
                });
    }
}
