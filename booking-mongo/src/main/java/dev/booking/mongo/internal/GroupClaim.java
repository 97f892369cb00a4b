package dev.booking.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claims every seat of a {@link ClaimRequest} or none, without transactions, on any topology.
 *
 * <p><b>One seat</b> is one conditional {@code findOneAndUpdate}: it matches only while the seat is
 * free (empty, or a hold that has expired) and writes the final state.
 *
 * <p><b>Several seats</b> are first read: a missing or unavailable seat answers at once, without a
 * write. Otherwise they are claimed one by one in the request's sorted order, each with the same
 * kind of conditional write, but first as a short <em>pending</em> hold ({@code status: "HELD",
 * pending: true}, expiring after the repository's pending hold); only when every seat is taken is
 * each set to its final state (booked, or held until the request's expiry), matched by reference,
 * owner and the version the pending write produced. If a seat cannot be taken (another claim got
 * there between the read and the write), or a pending seat was lost (swept after it lapsed, released
 * by its owner), the claim <em>compensates</em>: it puts back exactly the seats it wrote, as they
 * were before (matched by {@code _id}, reference, owner and version, so never a seat someone else has
 * changed since), and reads the seats again to answer. If the process dies in the middle, or the
 * compensation itself fails, what is left behind is pending holds, which expire by themselves
 * within the pending hold; they never become bookings or long holds. Sorted order means two
 * overlapping claims meet at their first common seat, where one of them stops, instead of each
 * taking half.
 *
 * <p>The reference is reserved before the seats are written and settled once they are all claimed
 * ({@link ReferenceBinding}): a reference names one claim for good, and of concurrent claims of
 * different seats under one reference only the one that reserved it first goes ahead.
 *
 * <p>Every write that takes a seat returns it as it was: on success, each seat that was a lapsed
 * hold is told {@code EXPIRED} before the claim's own event (the sweep's write, matched by version,
 * then matches nothing). A claim that compensates tells nothing: the holds it put back are still
 * there for the sweep or the next taker to end.
 *
 * <p>A claim that meets a seat live under its own reference is meeting a concurrent repetition of
 * the same request (a retry after a timeout); it goes back to the reference check, which waits for
 * the other claim to finish and then answers it as a replay.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class GroupClaim {

    /**
     * How many times one call tries to claim before it settles for {@code Unavailable}. Another
     * attempt is made only when the read after a failed attempt finds every seat free again (the
     * seat that stopped it was released, or was a pending seat of a claim that then failed).
     */
    public static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(GroupClaim.class);

    private final SeatStore store;
    private final ReferenceBinding references;

    /**
     * Claims in {@code store}.
     *
     * @param store the seats and the clock
     */
    public GroupClaim(SeatStore store) {
        this.store = store;
        this.references = new ReferenceBinding(store);
    }

    /** A seat this call wrote: as it was before, and the version the write produced. */
    private record Written(StoredDocument before, long version) {
    }

    /**
     * What a read of the request's seats says.
     *
     * @param failure       the answer if the claim cannot succeed: missing or unavailable seats
     * @param ownReference  a seat is live under the request's own reference (a concurrent repetition)
     */
    private record Verdict(ClaimResult failure, boolean ownReference) {
        static final Verdict FREE = new Verdict(null, false);
        static final Verdict OWN_REFERENCE = new Verdict(null, true);
    }

    /**
     * Claims the seats of {@code request}, all or none.
     *
     * @param request a valid request
     * @return the answer, with the claim's event if this call claimed the seats
     * @throws com.mongodb.MongoException if the store fails (after compensating as far as it can)
     * @throws dev.booking.core.BookingException {@code TIMEOUT} if a claim under the same reference is
     *                                           still in progress after the pending hold
     */
    public Outcome<ClaimResult> claim(ClaimRequest request) {
        List<SeatId> unavailable = request.seats();
        boolean several = request.seats().size() > 1;
        for (int attempt = 1; ; attempt++) {
            Optional<ClaimResult> replay = SeatRules.replay(request,
                    SeatStore.at(store.settledMembers(request.reference()), store.now()));
            if (replay.isPresent()) {
                return Outcome.unchanged(replay.get());
            }
            Optional<ClaimResult> inUse = references.boundToAnother(request);
            if (inUse.isPresent()) {
                return Outcome.unchanged(inUse.get());
            }
            if (attempt > MAX_ATTEMPTS) {
                // every attempt was stopped by a seat that was free again when read: contention
                return Outcome.unchanged(new ClaimResult.Unavailable(unavailable));
            }
            if (several) {
                // a doomed group claim answers without writing, so it disturbs nobody
                Verdict before = verdict(request);
                if (before.failure() != null) {
                    return Outcome.unchanged(before.failure());
                }
                if (before.ownReference()) {
                    continue;
                }
            }
            // computed once, in milliseconds, so the answer equals what is stored and a replay equals it too
            Instant expiresAt = request.holdDuration()
                    .map(holdFor -> store.now().plus(holdFor).truncatedTo(ChronoUnit.MILLIS)).orElse(null);
            Optional<ReferenceBinding.Reservation> reservation = references.reserve(request);
            if (reservation.isEmpty()) {
                return Outcome.unchanged(new ClaimResult.ReferenceInUse(request.reference()));
            }
            List<StoredSeat> replaced = new ArrayList<>();
            SeatId conflict = claimReserved(request, expiresAt, reservation.get(), replaced);
            if (conflict == null) {
                ClaimResult.Claimed claimed = new ClaimResult.Claimed(request.reference(), request.user(),
                        request.seats(), request.targetStatus(), expiresAt);
                return Outcome.changed(claimed, SeatEvents.takeover(replaced, SeatEvents.claimed(claimed)));
            }
            unavailable = List.of(conflict);
            Verdict after = verdict(request);
            if (after.failure() != null) {
                return Outcome.unchanged(after.failure());
            }
        }
    }

    /**
     * Claims under a reservation of the reference ({@link ReferenceBinding}): settles it if the claim
     * wins, withdraws it otherwise, so that a claim that did not win binds nothing. Seats taken over
     * are added, as they were before, to {@code replaced}.
     */
    private SeatId claimReserved(ClaimRequest request, Instant expiresAt, ReferenceBinding.Reservation reservation,
                                 List<StoredSeat> replaced) {
        SeatId conflict = request.seats().get(0);
        try {
            conflict = request.seats().size() > 1 ? claimAll(request, expiresAt, replaced)
                    : claimOne(request, expiresAt, replaced);
        } finally {
            if (conflict != null) {
                references.withdraw(request, reservation); // also when the claim failed with an exception
            }
        }
        if (conflict != null) {
            return conflict;
        }
        if (!references.settle(request, reservation)) {
            LOG.warn("claim {} stalled past its pending hold and lost the reservation of its reference",
                    request.reference());
        }
        return null;
    }

    /**
     * One seat: one conditional write of the final state. Returns the seat if it was not free, else
     * null, having added the seat as it was before to {@code replaced}.
     */
    private SeatId claimOne(ClaimRequest request, Instant expiresAt, List<StoredSeat> replaced) {
        SeatId seat = request.seats().get(0);
        Document before = store.takeFree(seat,
                SeatStatements.claim(request.targetStatus(), request.user(), request.reference(), expiresAt),
                SeatEvents.claimed(claimed(request, expiresAt)));
        if (before == null) {
            return seat;
        }
        replaced.add(SeatMapping.toStored(before).asTakenOver());
        return null;
    }

    /**
     * Several seats: pending holds in sorted order, then the final state. Returns the seat that stopped
     * the claim (after compensating), or null if every seat is claimed, having added the seats as they
     * were before to {@code replaced}.
     */
    private SeatId claimAll(ClaimRequest request, Instant expiresAt, List<StoredSeat> replaced) {
        MongoCollection<Document> seats = store.collection();
        Instant pendingUntil = store.now().plus(store.pendingHold());
        List<Written> written = new ArrayList<>();
        List<Notice> notices = List.of();
        try {
            for (SeatId seat : request.seats()) {
                Document before = seats.findOneAndUpdate(SeatStatements.free(seat, store.now()),
                        SeatStatements.pending(request.user(), request.reference(), pendingUntil),
                        SeatStatements.RETURN_BEFORE);
                if (before == null) {
                    compensate(request, written, notices);
                    return seat;
                }
                StoredDocument previous = SeatMapping.toStored(before);
                written.add(new Written(previous, previous.state().version() + 1));
            }
            // the claim is final when its last seat settles: that write carries the group's notices (the
            // EXPIRED ones of the lapsed holds it took over, then its own), so they exist exactly if it won
            notices = store.noticesOf(SeatEvents.takeover(
                    written.stream().map(seat -> seat.before().asTakenOver()).toList(),
                    SeatEvents.claimed(claimed(request, expiresAt))));
            for (Written seat : written) {
                boolean last = seat == written.get(written.size() - 1);
                // matched by version: the pending hold is still exactly ours, even if it lapsed meanwhile
                // (then the seat was free and untouched, and taking it is an ordinary claim)
                long settled = seats.updateOne(
                        SeatStatements.written(seat.before().seat(), request.reference(), request.user(), seat.version()),
                        SeatStore.carrying(SeatStatements.settle(request.targetStatus(), expiresAt),
                                last ? notices : List.of())).getMatchedCount();
                if (settled == 0) {
                    compensate(request, written, notices);
                    return seat.before().seat();
                }
                if (last) {
                    store.deliver(seat.before().seat(), notices);
                }
            }
            written.forEach(seat -> replaced.add(seat.before().asTakenOver()));
            return null;
        } catch (RuntimeException e) {
            try {
                compensate(request, written, notices);
            } catch (RuntimeException compensation) {
                e.addSuppressed(compensation);
                LOG.warn("claim failed and could not undo {} seat writes; pending holds expire by themselves",
                        written.size());
            }
            throw e;
        }
    }

    /** What a successful claim of {@code request} answers. */
    private static ClaimResult.Claimed claimed(ClaimRequest request, Instant expiresAt) {
        return new ClaimResult.Claimed(request.reference(), request.user(), request.seats(), request.targetStatus(),
                expiresAt);
    }

    /**
     * Puts back exactly the seats this call wrote and nobody has changed since, as they were before,
     * and with them any notice of this claim: a last settling write whose acknowledgement was lost may
     * have pushed them, and they must go in the same write as the change they tell.
     */
    private void compensate(ClaimRequest request, List<Written> written, List<Notice> notices) {
        List<String> ids = notices.stream().map(Notice::id).toList();
        for (Written seat : written) {
            Bson restore = SeatStatements.restore(seat.before());
            store.collection().updateOne(
                    SeatStatements.written(seat.before().seat(), request.reference(), request.user(), seat.version()),
                    ids.isEmpty() ? restore : Updates.combine(restore, Updates.pull(NoticeMapping.SEAT_OUTBOX,
                            Filters.in(NoticeMapping.NOTICE_ID, ids))));
        }
    }

    /** Reads the request's seats: missing ones, live ones under other references, or live ones under its own. */
    private Verdict verdict(ClaimRequest request) {
        Instant now = store.now();
        Map<SeatId, StoredSeat> current = new HashMap<>();
        store.read(request.seats()).forEach((seat, stored) -> current.put(seat, stored.at(now)));
        boolean complete = current.size() == request.seats().size();
        if (complete && current.values().stream().anyMatch(stored -> stored.isLive()
                && request.reference().equals(stored.reference()))) {
            return Verdict.OWN_REFERENCE;
        }
        return SeatRules.refusal(request, current).map(refusal -> new Verdict(refusal, false)).orElse(Verdict.FREE);
    }
}
