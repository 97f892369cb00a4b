package dev.booking.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Every operation of the contract on MongoDB, each a sequence of conditional writes on single seat
 * documents. The answers come from {@link SeatRules}; what this class adds is how each change is
 * made atomic without transactions: a filter that states when the write is allowed, and for groups
 * the pending claim with compensation of {@link GroupClaim} and the undo of {@link GroupConfirm}.
 *
 * <p>Each operation returns an {@link Outcome}, whose events the caller tells the listener once the
 * write concern acknowledged the change. Driver failures are thrown as {@link MongoException}; a
 * group release that fails half-way throws {@link PartlyChanged}, carrying what it did change.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class SeatOperations {

    /** Seats per {@code insertMany}: keeps each request and its error list small. */
    public static final int INSERT_CHUNK = 1000;

    /**
     * Most queries one sweep makes. A sweep queries again when seats it found were cleared by a
     * concurrent sweeper; this bounds that, so a sweep always ends.
     */
    public static final int MAX_SWEEP_ROUNDS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SeatOperations.class);

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final SeatStore store;
    private final GroupClaim claims;
    private final GroupConfirm confirmations;

    /** Works on {@code store}. */
    public SeatOperations(SeatStore store) {
        this.store = store;
        this.claims = new GroupClaim(store);
        this.confirmations = new GroupConfirm(store);
    }

    /**
     * A group release that failed half-way: the seats it freed before the failure stay free, and
     * their event is still to be told.
     */
    public static final class PartlyChanged extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Outcome<ReleaseResult> changed;

        PartlyChanged(Outcome<ReleaseResult> changed, MongoException cause) {
            super(cause);
            this.changed = changed;
        }

        /** What was changed before the failure. */
        public Outcome<ReleaseResult> changed() {
            return changed;
        }

        /** The driver's failure. */
        @Override
        public synchronized MongoException getCause() {
            return (MongoException) super.getCause();
        }
    }

    /**
     * tryBook: one {@code findOneAndUpdate} matching the seat only while it is free, returning it as
     * it was, so that a win over a lapsed hold tells that hold expired (the sweep's write, matched by
     * version, then matches nothing); only if it matches nothing does one read tell the loser why,
     * and only a seat found free again is claimed again.
     */
    public Outcome<BookingResult> tryBook(SeatId seat, UserId user, BookingReference reference) {
        for (int attempt = 1; attempt <= SeatRules.MAX_WRITE_ATTEMPTS; attempt++) {
            Document before = store.takeFree(seat, SeatStatements.claim(SeatStatus.BOOKED, user, reference, null),
                    SeatEvents.booked(seat, user, reference));
            if (before != null) {
                return Outcome.changed(new BookingResult.Booked(seat, user, reference), SeatEvents.takeover(
                        List.of(SeatMapping.toStored(before).asTakenOver()), SeatEvents.booked(seat, user, reference)));
            }
            // the claim matched nothing: the seat is someone's, or missing; this read only explains why.
            // Under w:"majority" a lost claim returns only once the winner is majority-committed, so the
            // majority read sees it; under w:1 the read may still show the seat empty, hence the retry.
            Optional<BookingResult> lost = SeatRules.lostBooking(seat, user, store.readNow(seat));
            if (lost.isPresent()) {
                return Outcome.unchanged(lost.get());
            }
            LOG.debug("seat free again between claim and read, claiming again (attempt {} of {})",
                    attempt, SeatRules.MAX_WRITE_ATTEMPTS);
        }
        // it kept changing hands under us: every claim we made found it taken, which is contention
        return Outcome.unchanged(new BookingResult.Taken(seat));
    }

    /** A claim of one seat or several, all or none: see {@link GroupClaim}. */
    public Outcome<ClaimResult> claim(ClaimRequest request) {
        return claims.claim(request);
    }

    /** A confirmation, all holds or none: see {@link GroupConfirm}. */
    public Outcome<ConfirmResult> confirm(BookingReference reference, UserId user) {
        return confirmations.confirm(reference, user);
    }

    /**
     * Release of a group: read the group by reference, then empty each live seat with a
     * conditional {@code updateOne} that matches only while it is still live under the reference
     * and the user. A seat that no longer matches has left the group by itself (released by a
     * concurrent call, expired), so there is nothing to undo.
     *
     * @throws PartlyChanged if the store fails after some seats were freed
     */
    public Outcome<ReleaseResult> release(BookingReference reference, UserId user) {
        List<StoredSeat> members = SeatStore.at(store.settledMembers(reference), store.now());
        Optional<ReleaseResult> unchanged = SeatRules.releaseWithoutChange(user, members);
        if (unchanged.isPresent()) {
            return Outcome.unchanged(unchanged.get());
        }
        List<SeatId> released = new ArrayList<>();
        List<SeatId> live = SeatRules.seatsOf(SeatRules.live(members));
        boolean told = false;
        List<Notice> inFlight = List.of();
        try {
            for (SeatId seat : live) {
                // the group's one notice rides on the write of its last seat, naming every seat freed
                boolean last = seat.equals(live.get(live.size() - 1));
                List<SeatId> withThis = new ArrayList<>(released);
                withThis.add(seat);
                List<Notice> notices = last
                        ? store.noticesOf(List.of(SeatEvents.released(reference, user, withThis))) : List.of();
                inFlight = notices;
                if (store.collection().updateOne(SeatStatements.liveIn(seat, reference, user, store.now()),
                        SeatStore.carrying(SeatStatements.empty(), notices)).getMatchedCount() == 1) {
                    released.add(seat);
                    store.deliver(seat, notices);
                    told = last;
                }
                inFlight = List.of();
            }
        } catch (MongoException e) {
            if (!inFlight.isEmpty() && store.carries(live.get(live.size() - 1), inFlight)) {
                // the last write was applied, its acknowledgement lost: its notice tells the whole release
                SeatId last = live.get(live.size() - 1);
                released.add(last);
                store.deliver(last, inFlight);
                throw new PartlyChanged(released(reference, user, released), e);
            }
            if (released.isEmpty()) {
                throw e;
            }
            tellAfterwards(reference, user, released, e);
            throw new PartlyChanged(released(reference, user, released), e);
        }
        if (released.isEmpty()) {
            // a concurrent release of the same group was faster
            return Outcome.unchanged(new ReleaseResult.NothingToRelease());
        }
        if (!told) {
            // a concurrent release took the last seat: the notice goes onto the last seat this call freed
            store.pushAndDeliver(released.get(released.size() - 1),
                    store.noticesOf(List.of(SeatEvents.released(reference, user, released))));
        }
        return released(reference, user, released);
    }

    /** The notice of a release that failed half-way, on its last freed seat, if the store lets us. */
    private void tellAfterwards(BookingReference reference, UserId user, List<SeatId> released, MongoException e) {
        try {
            store.pushAndDeliver(released.get(released.size() - 1),
                    store.noticesOf(List.of(SeatEvents.released(reference, user, released))));
        } catch (MongoException again) {
            e.addSuppressed(again);
            LOG.warn("a release failed half-way and the notice of the {} seats it freed was lost", released.size());
        }
    }

    /**
     * Release of one seat: one {@code findOneAndUpdate} matching the seat only while {@code user}
     * holds (not expired) or booked it, returning the document as it was, for its reference. Only if
     * it matches nothing does one read tell {@code NotYours} and {@code NothingToRelease} apart.
     */
    public Outcome<ReleaseResult> release(SeatId seat, UserId user) {
        if (store.notifies()) {
            return releaseTelling(seat, user);
        }
        for (int attempt = 1; attempt <= SeatRules.MAX_WRITE_ATTEMPTS; attempt++) {
            Document before = store.collection().findOneAndUpdate(
                    SeatStatements.liveOwnedBy(seat, user, store.now()), SeatStatements.empty(), SeatStatements.RETURN_BEFORE);
            if (before != null) {
                return released(SeatMapping.toStored(before).state().reference(), user, List.of(seat));
            }
            Optional<ReleaseResult> unchanged = SeatRules.releaseSeatWithoutChange(user, store.readNow(seat));
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            // the user claimed it between our write and our read: release again, a bounded number of times
        }
        // each write found nothing of the user's, each read found the user's new claim: answer the writes
        return Outcome.unchanged(new ReleaseResult.NothingToRelease());
    }

    /**
     * Release of one seat with an outbox: the notice names the reference, known only from the
     * document, so the seat is read first and then emptied by a write that matches it as read
     * (reference, owner, version) and still live, carrying the notice.
     */
    private Outcome<ReleaseResult> releaseTelling(SeatId seat, UserId user) {
        for (int attempt = 1; attempt <= SeatRules.MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<StoredSeat> current = store.readNow(seat);
            Optional<ReleaseResult> unchanged = SeatRules.releaseSeatWithoutChange(user, current);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            SeatState state = current.orElseThrow().state();
            List<Notice> notices = store.noticesOf(List.of(SeatEvents.released(state.reference(), user, List.of(seat))));
            if (store.collection().updateOne(Filters.and(
                            SeatStatements.written(seat, state.reference(), user, state.version()),
                            SeatStatements.live(store.now())),
                    SeatStore.carrying(SeatStatements.empty(), notices)).getMatchedCount() == 1) {
                store.deliver(seat, notices);
                return released(state.reference(), user, List.of(seat));
            }
            // it changed between the read and the write: read again, a bounded number of times
        }
        return Outcome.unchanged(new ReleaseResult.NothingToRelease());
    }

    /**
     * The sweep: queries lapsed holds, oldest first, and empties each with a conditional
     * {@code updateOne} that matches only the hold as read (its version) and only while it is still
     * lapsed. Of several sweepers exactly one clears each hold; a sweeper that lost some seats to
     * another queries again, at most {@value #MAX_SWEEP_ROUNDS} times.
     */
    public Outcome<Integer> sweep(int limit) {
        List<BookingEvent> expired = new ArrayList<>();
        for (int round = 0; round < MAX_SWEEP_ROUNDS && expired.size() < limit; round++) {
            Instant now = store.now();
            List<StoredDocument> lapsed = new ArrayList<>();
            for (Document document : store.collection().find(SeatStatements.lapsed(now))
                    .sort(Sorts.ascending(SeatMapping.HOLD_EXPIRES_AT)).limit(limit - expired.size())) {
                lapsed.add(SeatMapping.toStored(document));
            }
            if (lapsed.isEmpty()) {
                break;
            }
            for (StoredDocument hold : lapsed) {
                BookingEvent event = SeatEvents.expired(hold.state().reference(), hold.state().owner(), hold.seat());
                List<Notice> notices = store.noticesOf(List.of(event));
                if (store.collection().updateOne(
                        SeatStatements.stillLapsed(hold.seat(), hold.state().version(), now),
                        SeatStore.carrying(SeatStatements.empty(), notices)).getMatchedCount() == 1) {
                    store.deliver(hold.seat(), notices);
                    expired.add(event);
                }
            }
        }
        return new Outcome<>(expired.size(), expired);
    }

    /**
     * Inserts the seats with unordered {@code insertMany} calls of at most {@value #INSERT_CHUNK}
     * seats; a seat that exists already fails its insert with a duplicate key, which is ignored.
     */
    public void addSeats(List<SeatId> seats) {
        Date now = new Date();
        for (int from = 0; from < seats.size(); from += INSERT_CHUNK) {
            List<Document> chunk = new ArrayList<>();
            for (SeatId seat : seats.subList(from, Math.min(seats.size(), from + INSERT_CHUNK))) {
                chunk.add(SeatMapping.newSeat(seat, now));
            }
            try {
                store.collection().insertMany(chunk, UNORDERED);
            } catch (MongoBulkWriteException e) {
                if (!FailureTranslator.onlyDuplicateKeys(e)) {
                    throw e;
                }
                // unordered: every seat that was missing got inserted; the duplicates already existed
                LOG.trace("addSeats: {} of {} seats existed already", e.getWriteErrors().size(), chunk.size());
            }
        }
    }

    /** One seat as readers see it: a hold that has expired by the clock reads as empty. */
    public Optional<SeatState> findSeat(SeatId seat) {
        return store.readNow(seat).map(StoredSeat::asRead);
    }

    /**
     * Every seat of {@code show} as readers see it, sorted in Java: MongoDB orders strings by their
     * UTF-8 bytes (or a collation), which differs from {@link String#compareTo} outside the BMP.
     */
    public List<SeatState> listSeats(ShowId show) {
        List<StoredDocument> stored = new ArrayList<>();
        for (Document document : store.collection().find(Filters.eq(SeatMapping.SHOW, show.value()))) {
            stored.add(SeatMapping.toStored(document));
        }
        return SeatRules.sortedBySeat(SeatStore.at(stored, store.now())).stream().map(StoredSeat::asRead).toList();
    }

    private static Outcome<ReleaseResult> released(BookingReference reference, UserId user, List<SeatId> seats) {
        return Outcome.changed(new ReleaseResult.Released(reference, user, seats),
                SeatEvents.released(reference, user, seats));
    }
}
