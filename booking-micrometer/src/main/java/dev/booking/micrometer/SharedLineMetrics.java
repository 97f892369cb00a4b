package dev.booking.micrometer;

import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SharedLineStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link SharedLine}'s answers and backlog, tagged {@value BookingMeters#LINE} with the
 * line's name: the function counter {@value BookingMeters#LINE_SUBMITS} (tagged
 * {@value BookingMeters#OUTCOME} accepted or busy, from {@link SharedLine#stats()}: this
 * instance's submits), and per partition (tagged {@value BookingMeters#PARTITION}) the gauge
 * {@value BookingMeters#LINE_DEPTH} and the time gauge {@value BookingMeters#LINE_OLDEST_AGE}, from
 * {@link SharedLine#backlog()}: the whole line's, as every instance sees it.
 *
 * <p>The backlog is read from the broker (one read per partition), so one reading serves every
 * gauge of a scrape and is kept for {@link #DEFAULT_CACHE_FOR 1 second}. A partition whose
 * transport cannot tell its backlog, an unknown age, and a failed read (logged once at WARN until
 * a read succeeds) all read NaN; the scrape itself never fails.
 *
 * <p>The meters hold the line weakly, as Micrometer's own binders do. Thread-safe.
 */
public final class SharedLineMetrics implements MeterBinder {

    /** How long one reading of the backlog is kept. */
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(1);

    private final SharedLine line;
    private final Tags tags;
    private final LongSupplier ticker;

    /**
     * Metrics of {@code line}.
     *
     * @param line the front of the shared line
     * @param tags tags added to every meter, besides the line's name; may be empty
     * @throws IllegalArgumentException naming {@code line} or {@code tags} if missing
     */
    public SharedLineMetrics(SharedLine line, Iterable<Tag> tags) {
        this(line, tags, System::nanoTime);
    }

    /** For tests: {@code ticker} stands for {@link System#nanoTime()}. */
    SharedLineMetrics(SharedLine line, Iterable<Tag> tags, LongSupplier ticker) {
        this.line = Arguments.requirePresent("line", line);
        this.tags = Tags.of(Arguments.requirePresent("tags", tags)).and(BookingMeters.LINE, line.name());
        this.ticker = ticker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        submits(registry, BookingMeters.ACCEPTED, SharedLineStats::accepted);
        submits(registry, BookingMeters.BUSY, SharedLineStats::busy);
        CachedReading<SharedLine, Map<Integer, LineBacklog>> backlog = new CachedReading<>(line, SharedLineMetrics::byPartition,
                DEFAULT_CACHE_FOR.toNanos(), ticker, "the backlog of line " + line.name());
        for (int partition = 0; partition < line.partitions(); partition++) {
            int p = partition;
            Tags partitionTags = tags.and(BookingMeters.PARTITION, Integer.toString(p));
            // the gauges hold the reading strongly (nothing else does); the reading holds the line weakly
            Gauge.builder(BookingMeters.LINE_DEPTH, backlog,
                            b -> of(b, p).map(one -> (double) one.waiting()).orElse(Double.NaN))
                    .description("Accepted and undecided requests in the partition")
                    .tags(partitionTags)
                    .strongReference(true)
                    .register(registry);
            TimeGauge.builder(BookingMeters.LINE_OLDEST_AGE, backlog, TimeUnit.NANOSECONDS,
                            b -> of(b, p).flatMap(LineBacklog::oldestAge).map(age -> (double) age.toNanos()).orElse(Double.NaN))
                    .description("How long the partition's oldest undecided request has waited (NaN if unknown)")
                    .tags(partitionTags)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private void submits(MeterRegistry registry, String outcome, ToDoubleFunction<SharedLineStats> count) {
        FunctionCounter.builder(BookingMeters.LINE_SUBMITS, line, l -> count.applyAsDouble(l.stats()))
                .description("Submits this instance answered, by outcome")
                .tags(tags)
                .tag(BookingMeters.OUTCOME, outcome)
                .register(registry);
    }

    private static Optional<LineBacklog> of(CachedReading<SharedLine, Map<Integer, LineBacklog>> backlog, int partition) {
        return backlog.get().map(byPartition -> byPartition.get(partition));
    }

    private static Map<Integer, LineBacklog> byPartition(SharedLine line) {
        Map<Integer, LineBacklog> byPartition = new HashMap<>();
        for (LineBacklog one : line.backlog()) {
            byPartition.put(one.partition(), one);
        }
        return byPartition;
    }
}
