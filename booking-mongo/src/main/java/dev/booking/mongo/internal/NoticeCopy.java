package dev.booking.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.booking.core.outbox.Notice;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

/**
 * Moves notices from a seat document's {@value NoticeMapping#SEAT_OUTBOX} array into the outbox
 * collection: inserts each by its id (a duplicate key means it is there already, so a repeated or
 * concurrent copy changes nothing), then pulls it from the seat. Used right after the seat's change
 * and by the recovery pass, which finishes copies that a dead process left behind.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class NoticeCopy {

    private final MongoCollection<Document> outbox;

    /** Copies into {@code outbox}, a collection with the outbox's concerns. */
    public NoticeCopy(MongoCollection<Document> outbox) {
        this.outbox = outbox;
    }

    /** The outbox collection. */
    public MongoCollection<Document> outbox() {
        return outbox;
    }

    /**
     * Inserts {@code notice} as a new pending record unless its id exists.
     *
     * @return whether this call inserted it
     */
    public boolean insertIfAbsent(Notice notice) {
        try {
            outbox.insertOne(NoticeMapping.newRecord(notice));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Copies {@code notices}, which the seat document {@code seatKey} of {@code seats} carries, and pulls them from it. */
    public void copy(MongoCollection<Document> seats, Object seatKey, List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        for (Notice notice : notices) {
            insertIfAbsent(notice);
        }
        List<String> ids = notices.stream().map(Notice::id).toList();
        seats.updateOne(Filters.eq(SeatMapping.ID, seatKey),
                Updates.pull(NoticeMapping.SEAT_OUTBOX, Filters.in(NoticeMapping.NOTICE_ID, ids)));
    }

    /**
     * The recovery pass: finds up to {@code limit} seat documents of {@code seats} that still carry
     * notices and copies them.
     *
     * @return how many notices it copied (or found copied already) and pulled
     */
    public int recover(MongoCollection<Document> seats, int limit) {
        int recovered = 0;
        for (Document seat : seats.find(carrying()).limit(limit)) {
            List<Notice> notices = seat.getList(NoticeMapping.SEAT_OUTBOX, Document.class).stream()
                    .map(NoticeMapping::toNotice).toList();
            copy(seats, seat.get(SeatMapping.ID), notices);
            recovered += notices.size();
        }
        return recovered;
    }

    /** Seat documents whose array holds at least one notice. */
    public static Bson carrying() {
        return Filters.exists(NoticeMapping.SEAT_OUTBOX_ID);
    }
}
