package dev.booking.queue.line.spi;

import java.time.Duration;
import java.util.List;

/**
 * One worker's view of a {@link LineTransport}: it holds some partitions exclusively and receives
 * their requests in the order the line accepted them. Used by one thread.
 *
 * <p>At-least-once: a delivery not {@linkplain #acknowledge acknowledged} is delivered again (with
 * a higher {@link Delivery#attempt}) after the consumer is closed or dies, before any later request
 * of its partition is decided. The consumer keeps its hold on its partitions alive (heartbeats,
 * lease renewal) by itself for as long as it is open, whether or not {@link #poll} is being called.
 */
public interface LineConsumer extends AutoCloseable {

    /**
     * The next requests of one partition this consumer holds, oldest first: first any of its
     * deliveries not yet acknowledged (after a takeover), then new ones. Waits up to {@code wait}
     * for the first; takes new partitions that no live consumer holds while it waits.
     *
     * @param max  at most this many, at least 1
     * @param wait how long to wait when none is ready
     * @return the batch, all of one partition, in acceptance order; empty if none arrived in time
     * @throws dev.booking.core.BookingException if the broker cannot be reached (workers back off and poll again)
     */
    List<Delivery> poll(int max, Duration wait);

    /**
     * Marks deliveries decided (their tickets settled in the ledger): they are never delivered
     * again and no longer count against the partition's capacity.
     *
     * @param decided deliveries from this consumer's {@link #poll}
     */
    void acknowledge(List<Delivery> decided);

    /**
     * Moves a delivery to the line's dead-letter place with {@code why}, and acknowledges it. The
     * worker settles its ticket {@link dev.booking.queue.line.TicketStatus.Failed Failed} first.
     *
     * @param delivery a delivery from this consumer's {@link #poll}
     * @param why      why it was given up, for an operator
     */
    void deadLetter(Delivery delivery, String why);

    /**
     * Stops consuming and gives up this consumer's partitions at once (a graceful handover): its
     * unacknowledged deliveries go to the next consumer.
     */
    @Override
    void close();
}
