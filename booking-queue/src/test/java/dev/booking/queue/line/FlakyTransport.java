package dev.booking.queue.line;

import dev.booking.core.BookingException;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transport whose broker the test can take down (every poll, settle and acknowledgement throws
 * {@link BookingException} meanwhile), and which records whether each acknowledged ticket had been
 * settled first.
 */
final class FlakyTransport implements LineTransport {

    final AtomicBoolean down = new AtomicBoolean();
    final Set<Ticket> settled = ConcurrentHashMap.newKeySet();
    final List<Ticket> acknowledgedBeforeSettled = new CopyOnWriteArrayList<>();
    private final LineTransport line;

    FlakyTransport(LineTransport line) {
        this.line = line;
    }

    private void check() {
        if (down.get()) {
            throw new BookingException(BookingException.Failure.CONNECTION, "the broker is down");
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
    public AppendResult append(int partition, Envelope envelope) {
        check();
        return line.append(partition, envelope);
    }

    @Override
    public LineConsumer openConsumer(String workerId) {
        check();
        LineConsumer consumer = line.openConsumer(workerId);
        return new LineConsumer() {
            @Override
            public List<Delivery> poll(int max, Duration wait) {
                check();
                return consumer.poll(max, wait);
            }

            @Override
            public void acknowledge(List<Delivery> decided) {
                check();
                decided.stream().map(Delivery::ticket).filter(t -> !settled.contains(t)).forEach(acknowledgedBeforeSettled::add);
                consumer.acknowledge(decided);
            }

            @Override
            public void deadLetter(Delivery delivery, String why) {
                check();
                if (!settled.contains(delivery.ticket())) {
                    acknowledgedBeforeSettled.add(delivery.ticket());
                }
                consumer.deadLetter(delivery, why);
            }

            @Override
            public void close() {
                consumer.close();
            }
        };
    }

    @Override
    public TicketLedger ledger() {
        TicketLedger ledger = line.ledger();
        return new TicketLedger() {
            @Override
            public Ticket bind(String idempotencyKey, Ticket candidate) {
                check();
                return ledger.bind(idempotencyKey, candidate);
            }

            @Override
            public void processing(Collection<Ticket> tickets) {
                check();
                ledger.processing(tickets);
            }

            @Override
            public Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes) {
                check();
                Map<Ticket, TicketStatus> standing = ledger.settle(partition, outcomes);
                settled.addAll(standing.keySet());
                return standing;
            }

            @Override
            public TicketStatus status(Ticket ticket) {
                return ledger.status(ticket);
            }

            @Override
            public Map<Ticket, TicketStatus> statuses(Collection<Ticket> tickets) {
                check();
                return ledger.statuses(tickets);
            }
        };
    }

    @Override
    public void close() {
        line.close();
    }
}
