package dev.booking.queue.line;

import dev.booking.core.spi.Arguments;

import java.time.Duration;
import java.util.Optional;

/**
 * How much one partition of a shared line holds undecided, for metrics and health checks: the
 * answer of {@link dev.booking.queue.line.spi.LineTransport#backlog} and {@link SharedLine#backlog()}.
 *
 * <p>{@code waiting} counts the requests the line has accepted and not yet decided (queued, or
 * delivered to a worker and not yet settled). {@code oldestAge} is how long the oldest of them has
 * waited; it is {@link Optional#empty() empty} when the transport cannot tell cheaply, and
 * {@link Duration#ZERO} when nothing waits. Both are a moment's reading of a line that moves, as
 * the transport's documentation says.
 *
 * @param partition the partition, from 0
 * @param waiting   accepted and undecided requests in it; not negative
 * @param oldestAge the age of the oldest of them, or empty if unknown; never negative, zero when nothing waits
 */
public record LineBacklog(int partition, long waiting, Optional<Duration> oldestAge) {

    /** Rejects a negative partition or count, a missing or negative age, and an age without anything waiting. */
    public LineBacklog {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
        if (waiting < 0) {
            throw new IllegalArgumentException("waiting must not be negative, was " + waiting);
        }
        Arguments.requirePresent("oldestAge", oldestAge);
        if (oldestAge.isPresent() && oldestAge.get().isNegative()) {
            throw new IllegalArgumentException("oldestAge must not be negative, was " + oldestAge.get());
        }
        if (waiting == 0 && oldestAge.isPresent() && !oldestAge.get().isZero()) {
            throw new IllegalArgumentException("oldestAge must be zero when nothing waits, was " + oldestAge.get());
        }
    }

    /**
     * A backlog whose oldest request's age is known.
     *
     * @param partition the partition
     * @param waiting   accepted and undecided requests
     * @param oldestAge how long the oldest has waited; {@link Duration#ZERO} when {@code waiting} is 0
     * @return the backlog
     */
    public static LineBacklog of(int partition, long waiting, Duration oldestAge) {
        return new LineBacklog(partition, waiting, Optional.of(Arguments.requirePresent("oldestAge", oldestAge)));
    }

    /**
     * A backlog whose count is known and whose oldest request's age is not (the transport cannot
     * tell it without reading the requests).
     *
     * @param partition the partition
     * @param waiting   accepted and undecided requests
     * @return the backlog
     */
    public static LineBacklog ageUnknown(int partition, long waiting) {
        return new LineBacklog(partition, waiting, Optional.empty());
    }
}
