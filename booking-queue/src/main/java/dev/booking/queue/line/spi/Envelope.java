package dev.booking.queue.line.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One accepted request as a broker carries it: the ticket, the claim to decide (already under the
 * ticket's reference) and when it was submitted. {@link #encode} and {@link #decode} are the one
 * wire format every line uses, so that instances and workers of different brokers' modules agree.
 *
 * @param ticket      the ticket
 * @param request     the claim, under {@link dev.booking.queue.line.SharedLine#referenceFor the ticket's reference}
 * @param submittedAt when the line accepted it, by the submitting instance's clock
 */
public record Envelope(Ticket ticket, ClaimRequest request, Instant submittedAt) {

    private static final int FORMAT_VERSION = 1;

    /** Rejects missing parts. */
    public Envelope {
        Arguments.requirePresent("ticket", ticket);
        Arguments.requirePresent("request", request);
        Arguments.requirePresent("submittedAt", submittedAt);
    }

    /** This envelope in the line's wire format (versioned, length-prefixed UTF-8). */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * request.seatNumbers().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(ticket.id());
            out.writeUTF(request.show().value());
            out.writeUTF(request.user().value());
            out.writeUTF(request.reference().value());
            out.writeLong(request.isHold() ? request.holdFor().toMillis() : -1);
            out.writeLong(submittedAt.toEpochMilli());
            out.writeShort(request.seatNumbers().size());
            for (String number : request.seatNumbers()) {
                out.writeUTF(number);
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an envelope written by {@link #encode}.
     *
     * @param bytes the encoded envelope
     * @return the envelope, validated like any other
     * @throws IllegalArgumentException if the bytes are not an envelope of a known version, or hold
     *                                  an invalid request (a poison message)
     */
    public static Envelope decode(byte[] bytes) {
        Arguments.requirePresent("bytes", bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("envelope has unknown format version " + version);
            }
            Ticket ticket = new Ticket(in.readUTF());
            ShowId show = ShowId.of(in.readUTF());
            UserId user = UserId.of(in.readUTF());
            BookingReference reference = BookingReference.of(in.readUTF());
            long holdMillis = in.readLong();
            Instant submittedAt = Instant.ofEpochMilli(in.readLong());
            int count = in.readUnsignedShort();
            if (count > ClaimRequest.MAX_SEATS) {
                throw new IllegalArgumentException("envelope names " + count + " seats, more than a request may");
            }
            List<String> numbers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                numbers.add(in.readUTF());
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("envelope has trailing bytes");
            }
            Duration holdFor = holdMillis < 0 ? null : Duration.ofMillis(holdMillis);
            return new Envelope(ticket, new ClaimRequest(show, numbers, user, reference, holdFor), submittedAt);
        } catch (IOException truncated) {
            throw new IllegalArgumentException("envelope is truncated or malformed", truncated);
        }
    }
}
