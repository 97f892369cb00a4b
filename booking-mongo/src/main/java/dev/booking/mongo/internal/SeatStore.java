package dev.booking.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.StoredSeat;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.booking.mongo.internal.SeatMapping.ID;
import static dev.booking.mongo.internal.SeatMapping.REFERENCE;

/**
 * The seat collection together with the clock that decides expiry: the reads the lifecycle
 * operations share, and the wait for a multi-seat claim in progress.
 *
 * <p>Thread-safety: immutable; safe to share (the driver's collection is thread-safe).
 */
public final class SeatStore {

    /** Longest pause between two reads while waiting for a claim in progress. */
    private static final long MAX_PAUSE_MILLIS = 50;

    /** Extra real time granted, on top of the pending hold, before giving up on a claim in progress. */
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SeatStore.class);

    private final MongoCollection<Document> seats;
    private final MongoCollection<Document> references;
    private final Clock clock;
    private final Duration pendingHold;
    private final NoticeCopy notices;

    /**
     * Works on {@code seats} and {@code references} by {@code clock}.
     *
     * @param seats       the collection, with the repository's concerns
     * @param references  the references collection ({@link ReferenceBinding}), with the same concerns
     * @param clock       decides expiry
     * @param pendingHold how long the pending first step of a multi-seat claim holds its seats
     * @param notices     copies notices into the outbox, or {@code null} when the repository has none
     */
    public SeatStore(MongoCollection<Document> seats, MongoCollection<Document> references, Clock clock,
                     Duration pendingHold, NoticeCopy notices) {
        this.seats = seats;
        this.references = references;
        this.clock = clock;
        this.pendingHold = pendingHold;
        this.notices = notices;
    }

    /** Whether changes write notices (the repository has an outbox). */
    public boolean notifies() {
        return notices != null;
    }

    /** The notices of {@code events}, under new random ids chosen now, before the write that carries them. */
    public List<Notice> noticesOf(List<BookingEvent> events) {
        if (!notifies()) {
            return List.of();
        }
        Instant now = now();
        return events.stream().map(event -> Notice.of(event, now)).toList();
    }

    /** {@code update}, also pushing {@code carried} onto the seat's notice array, atomically with it. */
    public static Bson carrying(Bson update, List<Notice> carried) {
        if (carried.isEmpty()) {
            return update;
        }
        return Updates.combine(update, Updates.pushEach(NoticeMapping.SEAT_OUTBOX,
                carried.stream().map(NoticeMapping::onSeat).toList()));
    }

    /**
     * Copies the notices that the write on {@code seat} just pushed into the outbox and pulls them from
     * the seat. A failure here is logged, not raised: the change stands, its notices are safe on the
     * seat document, and the recovery pass copies them.
     */
    public void deliver(SeatId seat, List<Notice> carried) {
        if (carried.isEmpty()) {
            return;
        }
        try {
            notices.copy(seats, SeatMapping.key(seat), carried);
        } catch (MongoException e) {
            LOG.warn("copying {} notices to the outbox failed, the recovery pass will: {}", carried.size(),
                    e.getMessage());
        }
    }

    /**
     * Pushes {@code carried} onto {@code seat} by itself, then copies them: for the rare change whose
     * notice could not ride on its own last write (that seat was changed by a concurrent call of the
     * same group). Not atomic with the change: a process that dies just before this loses the notice.
     */
    public void pushAndDeliver(SeatId seat, List<Notice> carried) {
        if (carried.isEmpty()) {
            return;
        }
        seats.updateOne(SeatStatements.seat(seat), carrying(Updates.combine(), carried));
        deliver(seat, carried);
    }

    /**
     * Whether {@code seat} carries one of {@code carried}: after a write that pushed them failed,
     * whether it was applied (its acknowledgement lost) before the copy could run. A failure to read
     * counts as not carried.
     */
    public boolean carries(SeatId seat, List<Notice> carried) {
        try {
            return seats.countDocuments(Filters.and(SeatStatements.seat(seat),
                    Filters.in(NoticeMapping.SEAT_OUTBOX_ID, carried.stream().map(Notice::id).toList()))) > 0;
        } catch (MongoException e) {
            return false;
        }
    }

    /**
     * Takes {@code seat} while it is free, with {@code update}, returning the document as it was, or
     * {@code null} if it was not free. Without an outbox, one {@code findOneAndUpdate} matching an empty
     * seat or a lapsed hold. With one, the notices must ride on the write, and an expired hold's
     * notice names its holder, known only from the document: so first a write matching only an empty
     * seat (carrying {@code taken}'s notice), and only if that misses a read and a write matching the
     * lapsed hold as read (by version, still lapsed), carrying its EXPIRED notice and {@code taken}'s.
     */
    public Document takeFree(SeatId seat, Bson update, BookingEvent taken) {
        if (!notifies()) {
            return seats.findOneAndUpdate(SeatStatements.free(seat, now()), update, SeatStatements.RETURN_BEFORE);
        }
        List<Notice> own = noticesOf(List.of(taken));
        Document before = seats.findOneAndUpdate(
                Filters.and(SeatStatements.seat(seat), Filters.eq(SeatMapping.STATUS, SeatStatus.EMPTY.name())),
                carrying(update, own), SeatStatements.RETURN_BEFORE);
        if (before != null) {
            deliver(seat, own);
            return before;
        }
        StoredDocument current = read(seat);
        Instant now = now();
        if (current == null || !current.at(now).lapsed()) {
            return null;
        }
        List<Notice> all = noticesOf(SeatEvents.takeover(List.of(current.asTakenOver()), taken));
        before = seats.findOneAndUpdate(SeatStatements.stillLapsed(seat, current.state().version(), now),
                carrying(update, all), SeatStatements.RETURN_BEFORE);
        if (before != null) {
            deliver(seat, all);
        }
        return before;
    }

    /** The collection. */
    public MongoCollection<Document> collection() {
        return seats;
    }

    /** The references collection, one document per reference bound by a claim. */
    public MongoCollection<Document> references() {
        return references;
    }

    /** How long the pending first step of a multi-seat claim holds its seats. */
    public Duration pendingHold() {
        return pendingHold;
    }

    /** The clock's reading, truncated to milliseconds: the precision of a BSON date, so what is compared is what is stored. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One seat as stored, or {@code null} if it does not exist. */
    public StoredDocument read(SeatId seat) {
        Document document = seats.find(SeatStatements.seat(seat)).first();
        return document == null ? null : SeatMapping.toStored(document);
    }

    /** One seat as stored and judged by the clock now, or empty if it does not exist. */
    public Optional<StoredSeat> readNow(SeatId seat) {
        return Optional.ofNullable(read(seat)).map(stored -> stored.at(now()));
    }

    /** {@code documents} judged by the clock at {@code now}, for the rules of the SPI. */
    public static List<StoredSeat> at(Collection<StoredDocument> documents, Instant now) {
        return documents.stream().map(stored -> stored.at(now)).toList();
    }

    /** The stored seats among {@code wanted}, in one query; missing seats are absent from the map. */
    public Map<SeatId, StoredDocument> read(List<SeatId> wanted) {
        List<BsonDocument> keys = wanted.stream().map(SeatMapping::key).toList();
        Map<SeatId, StoredDocument> found = new HashMap<>();
        for (Document document : seats.find(Filters.in(ID, keys))) {
            StoredDocument stored = SeatMapping.toStored(document);
            found.put(stored.seat(), stored);
        }
        return found;
    }

    /** Every seat stored under {@code reference}, lapsed holds included, in claim order. */
    public List<StoredDocument> members(BookingReference reference) {
        List<StoredDocument> members = new ArrayList<>();
        for (Document document : seats.find(Filters.eq(REFERENCE, reference.value()))) {
            members.add(SeatMapping.toStored(document));
        }
        members.sort(Comparator.comparing(StoredDocument::seat));
        return members;
    }

    /**
     * Every seat stored under {@code reference}, once no multi-seat claim under it is in progress:
     * while a live seat of the group is still pending, reads again after a short pause, until the
     * claim has finished (its seats settled or compensated) or its pending hold has lapsed. A claim
     * that is alive finishes in moments; one whose process died is waited for at most the pending
     * hold (by the clock) or, in real time, the pending hold plus a second.
     *
     * @throws BookingException {@code TIMEOUT} if a claim is still in progress after that, or the
     *                          thread is interrupted while waiting
     */
    public List<StoredDocument> settledMembers(BookingReference reference) {
        long deadline = System.nanoTime() + pendingHold.plus(SETTLE_MARGIN).toNanos();
        long pause = 1;
        while (true) {
            List<StoredDocument> members = members(reference);
            Instant now = now();
            if (members.stream().noneMatch(stored -> stored.pending() && stored.isLive(now))) {
                return members;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BookingException(BookingException.Failure.TIMEOUT,
                        "another claim under the same reference is still in progress");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BookingException(BookingException.Failure.TIMEOUT,
                        "interrupted while waiting for another claim under the same reference", e);
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }
}
