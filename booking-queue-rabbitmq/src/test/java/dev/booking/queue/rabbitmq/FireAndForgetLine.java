package dev.booking.queue.rabbitmq;

import dev.booking.core.BookingException;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately broken transport for the audit to catch: it answers {@code Appended} even when the
 * append failed, as a publisher that does not wait for confirms believes every message arrived. Run
 * through a broker outage, the requests published meanwhile are gone while their submitters hold
 * tickets.
 */
final class FireAndForgetLine implements LineTransport {

    private final LineTransport line;
    private final AtomicInteger swallowed = new AtomicInteger();

    FireAndForgetLine(LineTransport line) {
        this.line = line;
    }

    /** How many failed appends it answered {@code Appended}. */
    int swallowed() {
        return swallowed.get();
    }

    @Override
    public AppendResult append(int partition, Envelope envelope) {
        try {
            return line.append(partition, envelope);
        } catch (BookingException unconfirmed) {
            swallowed.incrementAndGet();
            // a publish to a dead socket is not free either; without a pause the submitters would spin
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new AppendResult.Appended();
        }
    }

    @Override
    public String name() {
        return line.name();
    }

    @Override
    public int partitions() {
        return line.partitions();
    }

    @Override
    public LineConsumer openConsumer(String workerId) {
        return line.openConsumer(workerId);
    }

    @Override
    public TicketLedger ledger() {
        return line.ledger();
    }

    @Override
    public void close() {
        line.close();
    }
}
