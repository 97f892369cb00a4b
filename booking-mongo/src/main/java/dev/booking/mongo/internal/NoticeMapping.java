package dev.booking.mongo.internal;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The shape of an outbox record, in one place. A notice is stored as a document of its own in the
 * outbox collection, and, for a moment, as an element of a seat document's {@value #SEAT_OUTBOX}
 * array (the same notice fields, without the delivery fields):
 *
 * <pre>{@code
 * { _id: "<notice id>", kind: "BOOKED", user: "<user>", reference: "<ref>",
 *   seats: [{show, seat}, ...], holdExpiresAt: null | ISODate, detail: null | "<text>",
 *   createdAt: ISODate, createdAtNanos: 123456789,
 *   state: "PENDING" | "SENT" | "DEAD", attempts: 0, nextAttemptAt: ISODate, nextAttemptAtNanos: 0,
 *   lastError: null, sentAt: null, sentAtNanos: 0, leaseOwner: null | "<relay>", leaseUntil: null | ISODate }
 * }</pre>
 *
 * <p>An instant is a BSON date (milliseconds, so the server can compare and sort it) plus its
 * nano-of-second in a {@code *Nanos} field, so that what is read back equals what was written.
 *
 * <p>Thread-safety: stateless.
 */
public final class NoticeMapping {

    /** The seat document's array of notices written with the seat's change and not yet copied to the outbox. */
    public static final String SEAT_OUTBOX = "outbox";
    /** The notice id inside {@value #SEAT_OUTBOX}: the field its sparse index and the recovery query use. */
    public static final String SEAT_OUTBOX_ID = SEAT_OUTBOX + ".id";

    /** The record's id, the notice's id. */
    public static final String ID = "_id";
    /** The notice's id inside a seat document's array (an element has no {@code _id}). */
    public static final String NOTICE_ID = "id";
    public static final String KIND = "kind";
    public static final String USER = "user";
    public static final String REFERENCE = "reference";
    public static final String SEATS = "seats";
    public static final String HOLD_EXPIRES_AT = "holdExpiresAt";
    public static final String DETAIL = "detail";
    public static final String CREATED_AT = "createdAt";
    public static final String STATE = "state";
    public static final String ATTEMPTS = "attempts";
    public static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    public static final String LAST_ERROR = "lastError";
    public static final String SENT_AT = "sentAt";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String LEASE_UNTIL = "leaseUntil";
    /** Suffix of the field holding an instant's nano-of-second. */
    public static final String NANOS = "Nanos";

    private NoticeMapping() {
    }

    /** The notice as an element of a seat document's {@value #SEAT_OUTBOX} array. */
    public static Document onSeat(Notice notice) {
        Document document = new Document(NOTICE_ID, notice.id());
        appendNotice(document, notice);
        return document;
    }

    /** The notice as a new {@link OutboxState#PENDING} record of the outbox, due at its creation. */
    public static Document newRecord(Notice notice) {
        Document document = new Document(ID, notice.id());
        appendNotice(document, notice);
        document.append(STATE, OutboxState.PENDING.name()).append(ATTEMPTS, 0);
        putInstant(document, NEXT_ATTEMPT_AT, notice.createdAt());
        document.append(LAST_ERROR, null);
        putInstant(document, SENT_AT, null);
        return document.append(LEASE_OWNER, null).append(LEASE_UNTIL, null);
    }

    private static void appendNotice(Document document, Notice notice) {
        List<Document> seats = new ArrayList<>();
        for (SeatId seat : notice.seats()) {
            seats.add(new Document(SeatMapping.SHOW, seat.show().value()).append(SeatMapping.SEAT, seat.number()));
        }
        document.append(KIND, notice.kind().name())
                .append(USER, notice.user().value())
                .append(REFERENCE, notice.reference().value())
                .append(SEATS, seats);
        putInstant(document, HOLD_EXPIRES_AT, notice.holdExpiresAt());
        document.append(DETAIL, notice.detail());
        putInstant(document, CREATED_AT, notice.createdAt());
    }

    /** Puts {@code instant} as a date and its nano-of-second; a null instant as null and 0. */
    public static void putInstant(Document document, String field, Instant instant) {
        document.append(field, instant == null ? null : Date.from(instant))
                .append(field + NANOS, instant == null ? 0 : instant.getNano());
    }

    /** Reads back what {@link #putInstant} wrote. */
    public static Instant getInstant(Document document, String field) {
        Date date = document.get(field, Date.class);
        if (date == null) {
            return null;
        }
        Number nanos = document.get(field + NANOS, Number.class);
        Instant millis = date.toInstant();
        return nanos == null ? millis : millis.plusNanos(nanos.longValue() - millis.getNano());
    }

    /**
     * Reads a notice back, from an outbox record or a seat document's array element.
     *
     * @throws BookingException {@code UNEXPECTED} if the document is not a well-formed notice
     */
    public static Notice toNotice(Document document) {
        try {
            String id = document.containsKey(ID) ? document.get(ID, String.class) : document.get(NOTICE_ID, String.class);
            List<SeatId> seats = new ArrayList<>();
            for (Object element : document.getList(SEATS, Object.class)) {
                Document seat = (Document) element;
                seats.add(new SeatId(new ShowId(seat.get(SeatMapping.SHOW, String.class)),
                        seat.get(SeatMapping.SEAT, String.class)));
            }
            return new Notice(id, Notice.Kind.valueOf(document.get(KIND, String.class)),
                    new UserId(document.get(USER, String.class)),
                    new BookingReference(document.get(REFERENCE, String.class)), seats,
                    getInstant(document, HOLD_EXPIRES_AT), document.get(DETAIL, String.class),
                    getInstant(document, CREATED_AT));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new BookingException(BookingException.Failure.UNEXPECTED,
                    "an outbox document has an unexpected shape (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads an outbox record back.
     *
     * @throws BookingException {@code UNEXPECTED} if the document is not a well-formed record
     */
    public static OutboxRecord toRecord(Document document) {
        Notice notice = toNotice(document);
        try {
            return new OutboxRecord(notice, OutboxState.valueOf(document.get(STATE, String.class)),
                    document.get(ATTEMPTS, Number.class).intValue(), getInstant(document, NEXT_ATTEMPT_AT),
                    document.get(LAST_ERROR, String.class), getInstant(document, SENT_AT));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new BookingException(BookingException.Failure.UNEXPECTED,
                    "an outbox document has an unexpected shape (" + e.getMessage() + ")", e);
        }
    }
}
