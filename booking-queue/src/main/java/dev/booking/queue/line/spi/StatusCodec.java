package dev.booking.queue.line.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.TicketStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one stored form of a final {@link TicketStatus}, so that every ledger keeps outcomes alike
 * and any instance can read what any worker wrote.
 */
public final class StatusCodec {

    private static final int FORMAT_VERSION = 1;
    private static final byte BOOKED = 'B';
    private static final byte REFUSED = 'R';
    private static final byte FAILED = 'F';

    private StatusCodec() {
    }

    /**
     * Encodes a final status.
     *
     * @param status {@link TicketStatus.Booked}, {@link TicketStatus.Refused} or {@link TicketStatus.Failed}
     * @return its stored form
     * @throws IllegalArgumentException naming {@code status} if it is not final
     */
    public static byte[] encode(TicketStatus status) {
        Arguments.requirePresent("status", status);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            if (status instanceof TicketStatus.Booked booked) {
                ClaimResult.Claimed claim = booked.claim();
                out.writeByte(BOOKED);
                out.writeUTF(claim.reference().value());
                out.writeUTF(claim.owner().value());
                out.writeUTF(claim.status().name());
                out.writeLong(claim.holdExpiresAt() == null ? Long.MIN_VALUE : claim.holdExpiresAt().toEpochMilli());
                out.writeUTF(claim.seats().get(0).show().value());
                out.writeShort(claim.seats().size());
                for (SeatId seat : claim.seats()) {
                    out.writeUTF(seat.number());
                }
            } else if (status instanceof TicketStatus.Refused refused) {
                out.writeByte(REFUSED);
                out.writeUTF(refused.reason().name());
            } else if (status instanceof TicketStatus.Failed failed) {
                out.writeByte(FAILED);
                out.writeUTF(failed.why().length() > 1000 ? failed.why().substring(0, 1000) : failed.why());
            } else {
                throw new IllegalArgumentException("status must be final, was " + status);
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @param bytes the stored form
     * @return the final status
     * @throws IllegalArgumentException if the bytes are not a stored status
     */
    public static TicketStatus decode(byte[] bytes) {
        Arguments.requirePresent("bytes", bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("status has unknown format version " + version);
            }
            byte kind = in.readByte();
            switch (kind) {
                case BOOKED -> {
                    BookingReference reference = BookingReference.of(in.readUTF());
                    UserId owner = UserId.of(in.readUTF());
                    SeatStatus seatStatus = SeatStatus.valueOf(in.readUTF());
                    long expires = in.readLong();
                    ShowId show = ShowId.of(in.readUTF());
                    int count = in.readUnsignedShort();
                    List<SeatId> seats = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        seats.add(show.seat(in.readUTF()));
                    }
                    Instant holdExpiresAt = expires == Long.MIN_VALUE ? null : Instant.ofEpochMilli(expires);
                    return new TicketStatus.Booked(new ClaimResult.Claimed(reference, owner, seats, seatStatus, holdExpiresAt));
                }
                case REFUSED -> {
                    return new TicketStatus.Refused(TicketStatus.Reason.valueOf(in.readUTF()));
                }
                case FAILED -> {
                    return new TicketStatus.Failed(in.readUTF());
                }
                default -> throw new IllegalArgumentException("status has unknown kind " + kind);
            }
        } catch (IOException truncated) {
            throw new IllegalArgumentException("status is truncated or malformed", truncated);
        }
    }
}
