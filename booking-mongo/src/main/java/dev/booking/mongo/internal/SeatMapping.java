package dev.booking.mongo.internal;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;

import java.util.Date;

/**
 * The shape of a seat document, in one place:
 *
 * <pre>{@code
 * { _id:           { show: "<show>", seat: "<seat>" },
 *   show:          "<show>",
 *   seat:          "<seat>",
 *   status:        "EMPTY" | "HELD" | "BOOKED",
 *   owner:         null | "<user>",
 *   reference:     null | "<reference>",
 *   holdExpiresAt: null | ISODate(...),   // only while HELD; by the application's clock
 *   pending:       false,                 // true only while a multi-seat claim is in progress
 *   version:       NumberLong(0),         // +1 on every claim, confirmation, release, expiry, compensation
 *   updatedAt:     ISODate(...),
 *   outbox:        [ ]                   // notices written with a change, until copied to the outbox
 * }
 * }</pre>
 *
 * <p>The {@code _id} is the seat's identity, so the always-present unique {@code _id} index already
 * makes a seat impossible to store twice, even before {@code createIndexes()} has run. {@code show}
 * and {@code seat} repeat it as top-level fields for the {@code {show: 1, seat: 1}} index and for
 * people reading the collection. Every value is a BSON string built from a validated identifier;
 * no user data ever becomes a field name or is parsed as JSON.
 *
 * <p>Thread-safety: stateless.
 */
public final class SeatMapping {

    /** The seat identity, {@code {show, seat}}; also the only key the repository looks seats up by. */
    public static final String ID = "_id";
    /** The show, repeated from {@code _id}. */
    public static final String SHOW = "show";
    /** The seat number, repeated from {@code _id}. */
    public static final String SEAT = "seat";
    /** {@code "EMPTY"}, {@code "HELD"} or {@code "BOOKED"}, the names of {@link SeatStatus}. */
    public static final String STATUS = "status";
    /** The owner's user id, {@code null} while empty. */
    public static final String OWNER = "owner";
    /** The reference of the hold or booking, {@code null} while empty. */
    public static final String REFERENCE = "reference";
    /** When a hold expires (a BSON date, millisecond precision), {@code null} unless held. */
    public static final String HOLD_EXPIRES_AT = "holdExpiresAt";
    /** {@code true} while the hold is the first step of an unfinished multi-seat claim, else {@code false} (or absent). */
    public static final String PENDING = "pending";
    /** A 64-bit counter, 0 on insert, increased on every change. */
    public static final String VERSION = "version";
    /** When the seat last changed: the client's clock on insert, the server's ({@code $currentDate}) after. */
    public static final String UPDATED_AT = "updatedAt";

    private SeatMapping() {
    }

    /** The {@code _id} of a seat, with its fields in a fixed order (embedded documents compare field by field, in order). */
    public static BsonDocument key(SeatId seat) {
        return new BsonDocument(SHOW, new BsonString(seat.show().value()))
                .append(SEAT, new BsonString(seat.number()));
    }

    /** A new, empty seat: no owner, no reference, version 0; every field the lifecycle writes is there from the start. */
    public static Document newSeat(SeatId seat, Date now) {
        return new Document(ID, key(seat))
                .append(SHOW, seat.show().value())
                .append(SEAT, seat.number())
                .append(STATUS, SeatStatus.EMPTY.name())
                .append(OWNER, null)
                .append(REFERENCE, null)
                .append(HOLD_EXPIRES_AT, null)
                .append(PENDING, false)
                .append(VERSION, 0L)
                .append(UPDATED_AT, now)
                .append(NoticeMapping.SEAT_OUTBOX, new java.util.ArrayList<Document>());
    }

    /**
     * Reads a stored seat back, as stored (see {@link StoredDocument#at} for what readers see).
     *
     * @param document a document of the seat collection
     * @return the seat's stored state
     * @throws BookingException {@code UNEXPECTED} if the document is not a well-formed seat (written by
     *                          something else, edited by hand, or a booked seat from before references)
     */
    public static StoredDocument toStored(Document document) {
        try {
            SeatId seat = new SeatId(new ShowId(document.get(SHOW, String.class)), document.get(SEAT, String.class));
            SeatStatus status = SeatStatus.valueOf(document.get(STATUS, String.class));
            String owner = document.get(OWNER, String.class);
            String reference = document.get(REFERENCE, String.class);
            Date expiresAt = document.get(HOLD_EXPIRES_AT, Date.class);
            Number version = document.get(VERSION, Number.class);
            if (version == null || !(version instanceof Long || version instanceof Integer)) {
                throw new IllegalArgumentException("version must be an integer");
            }
            Boolean pending = document.get(PENDING, Boolean.class);
            // SeatState checks that owner, reference and expiry agree with the status
            SeatState state = new SeatState(seat, status, owner == null ? null : new UserId(owner),
                    reference == null ? null : new BookingReference(reference),
                    expiresAt == null ? null : expiresAt.toInstant(), version.longValue());
            return new StoredDocument(state, Boolean.TRUE.equals(pending));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            // a broken document is a store problem, never the caller's invalid argument
            throw new BookingException(BookingException.Failure.UNEXPECTED,
                    "a seat document has an unexpected shape (" + e.getMessage() + ")", e);
        }
    }
}
