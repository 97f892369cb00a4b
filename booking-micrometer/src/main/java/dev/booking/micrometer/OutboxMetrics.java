package dev.booking.micrometer;

import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Publishes an outbox's backlog: the gauge {@value BookingMeters#OUTBOX_BACKLOG}, one per
 * {@link OutboxState}, tagged {@value BookingMeters#STATE} {@code pending}, {@code sent} or
 * {@code dead}, from {@link OutboxStore#count}. Pending is the work waiting for a relay; dead is
 * what needs an operator.
 *
 * <p>{@code count} may query a database, so the three counts are read together and kept for
 * {@link #DEFAULT_CACHE_FOR 5 seconds} (or the interval given): however often and however many
 * registries scrape, the store is asked at most three counts per interval. A count that fails makes
 * the gauges read NaN until the next interval (the scrape itself never fails) and is logged once at
 * WARN until a count succeeds again.
 *
 * <p>The gauges hold the store weakly, as Micrometer's own binders do (they read NaN once it is
 * gone), and share one cached reading per binding. Thread-safe.
 */
public final class OutboxMetrics implements MeterBinder {

    /** How long a reading of the counts is kept unless the constructor says otherwise. */
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(5);

    private final OutboxStore store;
    private final Tags tags;
    private final Duration cacheFor;
    private final LongSupplier ticker;

    /**
     * The backlog of {@code store}, each reading kept for {@link #DEFAULT_CACHE_FOR}.
     *
     * @param store the outbox store
     * @param tags  tags added to every meter; may be empty
     * @throws IllegalArgumentException naming {@code store} or {@code tags} if missing
     */
    public OutboxMetrics(OutboxStore store, Iterable<Tag> tags) {
        this(store, tags, DEFAULT_CACHE_FOR);
    }

    /**
     * The backlog of {@code store}, each reading kept for {@code cacheFor}.
     *
     * @param store    the outbox store
     * @param tags     tags added to every meter; may be empty
     * @param cacheFor how long one reading of the counts serves; zero reads at every scrape; not negative
     * @throws IllegalArgumentException naming {@code store}, {@code tags} or {@code cacheFor} if missing or invalid
     */
    public OutboxMetrics(OutboxStore store, Iterable<Tag> tags, Duration cacheFor) {
        this(store, tags, cacheFor, System::nanoTime);
    }

    /** For tests: {@code ticker} stands for {@link System#nanoTime()}. */
    OutboxMetrics(OutboxStore store, Iterable<Tag> tags, Duration cacheFor, LongSupplier ticker) {
        this.store = Arguments.requirePresent("store", store);
        this.tags = Tags.of(Arguments.requirePresent("tags", tags));
        Arguments.requirePresent("cacheFor", cacheFor);
        if (cacheFor.isNegative()) {
            throw new IllegalArgumentException("cacheFor must not be negative, was " + cacheFor);
        }
        this.cacheFor = cacheFor;
        this.ticker = ticker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CachedReading<OutboxStore, Map<OutboxState, Long>> counts = new CachedReading<>(store, OutboxMetrics::countAll,
                cacheFor.toNanos(), ticker, "the outbox's counts");
        for (OutboxState state : OutboxState.values()) {
            // the gauge holds the reading strongly (nothing else does); the reading holds the store weakly
            Gauge.builder(BookingMeters.OUTBOX_BACKLOG, counts,
                            c -> c.get().map(byState -> (double) byState.get(state)).orElse(Double.NaN))
                    .description("Outbox records by state (pending: waiting for a relay; dead: given up on)")
                    .tags(tags)
                    .tag(BookingMeters.STATE, state.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static Map<OutboxState, Long> countAll(OutboxStore store) {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState state : OutboxState.values()) {
            counts.put(state, store.count(state));
        }
        return counts;
    }
}
