package dev.booking.core.outbox;

import dev.booking.core.outbox.spi.OutboxStore;

import java.time.Clock;
import java.time.Duration;

/**
 * Delivers the records of an outbox: claims due records under a lease, hands each to a
 * {@link NoticeDelivery}, and marks it sent, due again later with backoff, or dead. Any number of
 * relays, in any number of processes, may run on one outbox at once.
 *
 * <p>Guarantee: every record is delivered at least once, unless it goes dead (visible through
 * {@link OutboxStore#list} and logged at WARN). A record is delivered twice only if a relay dies, or
 * loses its lease, after the receiver accepted it and before the relay marked it sent; the repeat
 * carries the same {@link Notice#id()}.
 *
 * <p>Thread-safety: safe to share; {@link #start()} and {@link #close()} may be called from any thread.
 */
public final class OutboxRelay implements AutoCloseable {

    // to be implemented: see /work/tasks/core.md

    /** Starts configuring a relay over {@code store} delivering through {@code delivery}. */
    public static Builder builder(OutboxStore store, NoticeDelivery delivery) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts the relay's threads; at most once. */
    public OutboxRelay start() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * One pass on the calling thread, without {@link #start()}: claims one batch of due records,
     * delivers them, marks them, and purges what the retention allows.
     *
     * @return how many records were delivered
     */
    public int runOnce() {
        throw new UnsupportedOperationException("not yet");
    }

    /** What the relay has done so far. */
    public OutboxRelayStats stats() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops the threads, waiting for deliveries under way; leases held end by themselves. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The settings of an {@link OutboxRelay}. Immutable: each setter validates (an
     * {@link IllegalArgumentException} naming the setting) and returns a new builder.
     */
    public static final class Builder {
        /** Delivery threads, default 1. */
        public Builder threads(int threads) { throw new UnsupportedOperationException(); }
        /** Records claimed per pass, default 50. */
        public Builder batchSize(int batchSize) { throw new UnsupportedOperationException(); }
        /** The wait between passes that found nothing due, default 200 ms. */
        public Builder pollInterval(Duration pollInterval) { throw new UnsupportedOperationException(); }
        /** How long a claim lasts, default 60 s: longer than one batch's deliveries take. */
        public Builder lease(Duration lease) { throw new UnsupportedOperationException(); }
        /** Attempts before a record goes dead, default 10. */
        public Builder maxAttempts(int maxAttempts) { throw new UnsupportedOperationException(); }
        /** The first wait after a failed attempt, doubled per attempt up to {@code max}, jittered; default 1 s to 10 min. */
        public Builder backoff(Duration first, Duration max) { throw new UnsupportedOperationException(); }
        /** How long sent and dead records are kept before they are purged, default 7 days. */
        public Builder retention(Duration retention) { throw new UnsupportedOperationException(); }
        /** This relay's name in leases and logs, default host name and process id plus a counter. */
        public Builder relayName(String relayName) { throw new UnsupportedOperationException(); }
        /** The clock, default UTC system clock. */
        public Builder clock(Clock clock) { throw new UnsupportedOperationException(); }
        /** Builds the relay, not started. */
        public OutboxRelay build() { throw new UnsupportedOperationException(); }
    }
}
