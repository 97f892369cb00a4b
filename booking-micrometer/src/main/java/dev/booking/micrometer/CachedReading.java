package dev.booking.micrometer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One reading of a source that may be slow or fail (a database, a broker), shared by the gauges of
 * one scrape and kept for a while, so that scrapes never hammer the source. A failed reading is
 * kept as long as a good one (a source that is down is not asked again at every scrape); it is
 * logged once, at WARN, and again only after a good reading in between. Holds the source weakly:
 * the gauges that hold this keep nothing else alive.
 *
 * <p>Thread-safe: one reading at a time; concurrent scrapes wait for it and share it.
 */
final class CachedReading<S, V> {

    private static final Logger LOG = LoggerFactory.getLogger(CachedReading.class);

    private final WeakReference<S> source;
    private final Function<S, V> read;
    private final long keepNanos;
    private final LongSupplier ticker;
    private final String what;

    private V value;
    private boolean hasReading;
    private long readAt;
    private boolean failureLogged;

    CachedReading(S source, Function<S, V> read, long keepNanos, LongSupplier ticker, String what) {
        this.source = new WeakReference<>(source);
        this.read = read;
        this.keepNanos = keepNanos;
        this.ticker = ticker;
        this.what = what;
    }

    /** The kept reading if it is recent enough, else a new one; empty if it failed or the source is gone. */
    synchronized Optional<V> get() {
        long now = ticker.getAsLong();
        if (hasReading && now - readAt < keepNanos) {
            return Optional.ofNullable(value);
        }
        S from = source.get();
        value = null;
        if (from != null) {
            try {
                value = read.apply(from);
                failureLogged = false;
            } catch (RuntimeException failure) {
                if (!failureLogged) {
                    failureLogged = true;
                    LOG.warn("booking metrics: reading {} failed; its gauges read NaN until it succeeds again "
                            + "(logged once until then): {}", what, failure.toString(), failure);
                } else {
                    LOG.debug("booking metrics: reading {} failed again: {}", what, failure.toString());
                }
            }
        }
        hasReading = true;
        readAt = ticker.getAsLong();
        return Optional.ofNullable(value);
    }
}
