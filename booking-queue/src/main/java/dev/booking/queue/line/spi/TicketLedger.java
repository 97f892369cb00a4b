package dev.booking.queue.line.spi;

import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;

import java.util.Collection;
import java.util.Map;

/**
 * Where every instance reads a ticket's status, and where a worker settles it, once. Kept by the
 * broker ({@link LineTransport#ledger()}); {@link LineTransport#append} records a ticket as queued.
 *
 * <p>The rule that makes a status trustworthy: {@link #settle} sets a ticket's final status only if
 * it has none, durably, before returning; so the first outcome recorded is the one every instance
 * reports for good, however often a redelivered request is decided again.
 *
 * <p>Tickets are kept for the line's retention after they are settled, then forgotten
 * ({@link TicketStatus.Unknown}); that bounds the ledger's memory. Thread-safe.
 */
public interface TicketLedger {

    /**
     * The ticket already issued under {@code idempotencyKey}, or {@code candidate}, now bound to it
     * for the line's retention. Lets a retried submit find its ticket from any instance.
     *
     * @param idempotencyKey the caller's key, validated by the line
     * @param candidate      a fresh random ticket
     * @return the ticket bound to the key
     */
    Ticket bind(String idempotencyKey, Ticket candidate);

    /**
     * Marks tickets as being decided, unless they are already final.
     *
     * @param tickets tickets delivered to a worker
     */
    void processing(Collection<Ticket> tickets);

    /**
     * Records final outcomes of one partition's requests, each only if its ticket has no final
     * status yet, durably, and counts them as decided for the partition's position and pace.
     *
     * @param partition the partition they came from
     * @param outcomes  final statuses ({@link TicketStatus#isFinal()}), by ticket
     * @return the final status that stands for each ticket: the given one, or the one recorded earlier
     */
    Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes);

    /**
     * The status of one ticket: queued with its position and estimated wait, processing, final, or
     * unknown. Cheap: meant to be polled every second or so by every waiting user.
     *
     * @param ticket the ticket
     * @return its status; {@link TicketStatus.Unknown} for a ticket this line never issued or has forgotten
     */
    TicketStatus status(Ticket ticket);

    /**
     * The statuses of several tickets in one round trip, for a worker that checks a batch for
     * tickets already settled (redeliveries).
     *
     * @param tickets the tickets
     * @return a status for each
     */
    Map<Ticket, TicketStatus> statuses(Collection<Ticket> tickets);
}
