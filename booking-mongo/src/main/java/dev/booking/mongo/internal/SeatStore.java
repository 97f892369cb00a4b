package dev.booking.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.spi.StoredSeat;
import org.bson.BsonDocument;
import org.bson.Document;

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

    private final MongoCollection<Document> seats;
    private final MongoCollection<Document> references;
    private final Clock clock;
    private final Duration pendingHold;

    /**
     * Works on {@code seats} and {@code references} by {@code clock}.
     *
     * @param seats       the collection, with the repository's concerns
     * @param references  the references collection ({@link ReferenceBinding}), with the same concerns
     * @param clock       decides expiry
     * @param pendingHold how long the pending first step of a multi-seat claim holds its seats
     */
    public SeatStore(MongoCollection<Document> seats, MongoCollection<Document> references, Clock clock,
                     Duration pendingHold) {
        this.seats = seats;
        this.references = references;
        this.clock = clock;
        this.pendingHold = pendingHold;
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
