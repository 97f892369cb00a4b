package dev.booking.queue.line.spi;

import dev.booking.core.ShowId;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.LineBacklog;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The few primitives a broker supplies so that the one algorithm in {@link dev.booking.queue.line}
 * (submitting, deciding in order, settling each ticket once) runs on it: a partitioned, durable
 * line ({@link #append}), consumers that hold partitions exclusively ({@link #openConsumer}), and a
 * {@link TicketLedger} readable from every instance.
 *
 * <p>Every instance of a service and every worker process opens its own transport on the same
 * {@link #name() line}; they share nothing but the broker. Implementations must be thread-safe;
 * {@link #append} is called by many request threads at once.
 *
 * <p>Implementations are checked by the queue kit in {@code booking-tck}
 * ({@code SharedLineContract}).
 */
public interface LineTransport extends AutoCloseable {

    /** The line's name: every instance and worker on the same name shares one line. */
    String name();

    /** How many partitions the line has; fixed for the life of the line (every instance must agree). */
    int partitions();

    /**
     * The partition that carries every request for {@code show}, so that one show is decided in
     * order by one worker at a time while different shows proceed in parallel. A CRC-32 of the
     * show's UTF-8 bytes, the same in every JVM.
     *
     * @param show the show
     * @return a partition from 0 to {@link #partitions()} - 1
     */
    default int partitionOf(ShowId show) {
        Arguments.requirePresent("show", show);
        CRC32 crc = new CRC32();
        crc.update(show.value().getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions());
    }

    /**
     * Appends {@code envelope} to {@code partition} and records its ticket as queued in the
     * {@link #ledger()}, or refuses at once if the partition holds its capacity of undecided
     * requests. Nothing is dropped: a request past capacity is refused, never trimmed later.
     *
     * <p>Returns only once the broker has accepted the request durably by its own rules (the
     * module's documentation says exactly what that survives); from then on every instance's
     * {@link TicketLedger#status} knows the ticket.
     *
     * @param partition the partition, from {@link #partitionOf}
     * @param envelope  the request
     * @return whether it was appended
     * @throws dev.booking.core.BookingException if the broker could not be reached or did not confirm;
     *                                           the request may or may not be in the line (submit
     *                                           again with the same idempotency key)
     */
    AppendResult append(int partition, Envelope envelope);

    /**
     * Opens a consumer for one worker thread. Consumers of all instances and processes together
     * hold each partition at most once at a time; a consumer whose worker dies (process killed,
     * connection lost, heartbeat missed) loses its partitions to another within the module's
     * documented takeover time, with its unacknowledged deliveries.
     *
     * @param workerId names the worker in the broker (for operators), unique per thread
     * @return the consumer, to be used by one thread and closed by it
     */
    LineConsumer openConsumer(String workerId);

    /**
     * How many requests {@code partition} holds accepted and undecided, and how long the oldest has
     * waited, for metrics and health checks ({@link dev.booking.queue.line.SharedLine#backlog()}).
     * Should cost one cheap broker read at most; a transport that cannot tell keeps this default,
     * which answers empty. An implementation says in its documentation how exact the reading is
     * (the kit's rule L8 checks it once the line is still).
     *
     * @param partition the partition, from 0 to {@link #partitions()} - 1
     * @return the backlog, or empty if this transport cannot tell it
     * @throws IllegalArgumentException if {@code partition} is out of range
     * @throws dev.booking.core.BookingException if the broker could not be read
     */
    default Optional<LineBacklog> backlog(int partition) {
        if (partition < 0 || partition >= partitions()) {
            throw new IllegalArgumentException("partition must be from 0 to " + (partitions() - 1) + ", was " + partition);
        }
        return Optional.empty();
    }

    /** The ledger of this line's tickets, shared through the broker. */
    TicketLedger ledger();

    /** Releases connections and threads; consumers opened by it stop. */
    @Override
    void close();

    /** The answer of {@link #append}. */
    sealed interface AppendResult permits AppendResult.Appended, AppendResult.Full {

        /** The request is in the line, durably. */
        record Appended() implements AppendResult {
        }

        /**
         * The partition is at capacity; nothing was appended.
         *
         * @param depth how many undecided requests the partition holds
         */
        record Full(long depth) implements AppendResult {
        }
    }
}
