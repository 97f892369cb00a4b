package dev.booking.queue.line.spi;

import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;

/**
 * One request handed to a worker by a {@link LineConsumer}. The ticket travels beside the payload
 * (as the broker's message id or a field of the entry), so that a payload that cannot be decoded
 * still names the ticket that must end {@link dev.booking.queue.line.TicketStatus.Failed Failed}.
 *
 * @param partition the partition it came from
 * @param ticket    its ticket
 * @param payload   the {@link Envelope#encode encoded envelope}, as stored; may be undecodable (poison)
 * @param attempt   1 on first delivery, counted up by the broker on every redelivery
 * @param receipt   what the consumer needs to acknowledge it (an entry id, a delivery tag); opaque to workers
 */
public record Delivery(int partition, Ticket ticket, byte[] payload, int attempt, Object receipt) {

    /** Rejects missing parts and impossible numbers. */
    public Delivery {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
        Arguments.requirePresent("ticket", ticket);
        Arguments.requirePresent("payload", payload);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        Arguments.requirePresent("receipt", receipt);
    }
}
