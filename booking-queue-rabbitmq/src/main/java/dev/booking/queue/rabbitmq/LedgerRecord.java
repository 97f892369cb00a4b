package dev.booking.queue.rabbitmq;

import dev.booking.queue.line.Ticket;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of the ledger stream. Every instance reads the stream in the same order and applies
 * the records by the same rules, so every instance reaches the same ledger; the stream's order
 * alone decides which settlement or binding came first.
 */
sealed interface LedgerRecord {

    int FORMAT_VERSION = 1;

    /** When the record was written, by the writer's clock (for retention and pace only). */
    long at();

    /**
     * A request is in partition {@code partition}'s queue: published together with the request, and
     * the append answers only once both are confirmed; taken back by {@link Withdrawn} if the queue
     * did not take the request.
     */
    record Queued(long at, Ticket ticket, int partition) implements LedgerRecord {
    }

    /** Cancels one {@link Queued} of the ticket: the queue refused (or may have lost) that request. */
    record Withdrawn(long at, Ticket ticket, int partition) implements LedgerRecord {
    }

    /** Workers are deciding these tickets. */
    record Processing(long at, List<Ticket> tickets) implements LedgerRecord {
    }

    /** Final outcomes of one partition's requests, in {@link dev.booking.queue.line.spi.StatusCodec} form. */
    record Settled(long at, int partition, List<Ticket> tickets, List<byte[]> statuses) implements LedgerRecord {
    }

    /** An idempotency key asks to be bound to a ticket; the first such record per key wins. */
    record Bind(long at, String key, Ticket ticket) implements LedgerRecord {
    }

    /** Nothing: written to learn when the tail has caught up with the stream. */
    record Marker(long at) implements LedgerRecord {
    }

    /** The record's stream form. */
    static byte[] encode(LedgerRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(record.at());
            if (record instanceof Queued queued) {
                out.writeByte('Q');
                out.writeUTF(queued.ticket().id());
                out.writeInt(queued.partition());
            } else if (record instanceof Withdrawn withdrawn) {
                out.writeByte('W');
                out.writeUTF(withdrawn.ticket().id());
                out.writeInt(withdrawn.partition());
            } else if (record instanceof Processing processing) {
                out.writeByte('P');
                out.writeInt(processing.tickets().size());
                for (Ticket ticket : processing.tickets()) {
                    out.writeUTF(ticket.id());
                }
            } else if (record instanceof Settled settled) {
                out.writeByte('S');
                out.writeInt(settled.partition());
                out.writeInt(settled.tickets().size());
                for (int i = 0; i < settled.tickets().size(); i++) {
                    out.writeUTF(settled.tickets().get(i).id());
                    out.writeInt(settled.statuses().get(i).length);
                    out.write(settled.statuses().get(i));
                }
            } else if (record instanceof Bind bind) {
                out.writeByte('B');
                out.writeUTF(bind.key());
                out.writeUTF(bind.ticket().id());
            } else {
                out.writeByte('M');
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a record.
     *
     * @throws IllegalArgumentException if the bytes are not a record this version knows
     */
    static LedgerRecord decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("ledger record has unknown format version " + version);
            }
            long at = in.readLong();
            byte kind = in.readByte();
            switch (kind) {
                case 'Q':
                    return new Queued(at, new Ticket(in.readUTF()), in.readInt());
                case 'W':
                    return new Withdrawn(at, new Ticket(in.readUTF()), in.readInt());
                case 'P': {
                    int count = in.readInt();
                    List<Ticket> tickets = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        tickets.add(new Ticket(in.readUTF()));
                    }
                    return new Processing(at, tickets);
                }
                case 'S': {
                    int partition = in.readInt();
                    int count = in.readInt();
                    List<Ticket> tickets = new ArrayList<>(count);
                    List<byte[]> statuses = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        tickets.add(new Ticket(in.readUTF()));
                        byte[] status = new byte[in.readInt()];
                        in.readFully(status);
                        statuses.add(status);
                    }
                    return new Settled(at, partition, tickets, statuses);
                }
                case 'B':
                    return new Bind(at, in.readUTF(), new Ticket(in.readUTF()));
                case 'M':
                    return new Marker(at);
                default:
                    throw new IllegalArgumentException("ledger record has unknown kind " + kind);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("ledger record is malformed: " + e.getMessage(), e);
        }
    }
}
