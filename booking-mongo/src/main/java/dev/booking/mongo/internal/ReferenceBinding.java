package dev.booking.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.spi.ClaimIdentity;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Binds each reference to one claim, for good, in the references collection
 * ({@code <collection>_references}): one document per reference, whose {@code _id} is the
 * reference, so the collection's built-in unique {@code _id} index is the constraint that lets only
 * one claim bind it. The document holds the claim's {@link ClaimIdentity#digest()}.
 *
 * <p>Without a transaction spanning both collections the binding is made in two steps around the
 * seat writes. First a claim <em>reserves</em> the reference: it inserts the document as pending
 * ({@code pendingUntil} set, {@code claim} naming this attempt). If the insert meets an existing
 * document, a settled one decides at once (the same claim may go ahead, another is
 * {@code ReferenceInUse}); a pending one of another attempt is waited for, like a group claim in
 * progress, until it settles or is withdrawn, or is taken over once its pending hold has passed (its
 * claimer died). Then the claim writes its seats; if it wins, it <em>settles</em> the binding
 * (removes {@code pendingUntil}), and if it does not, it <em>withdraws</em> its reservation, so a
 * refused claim binds nothing and blocks nobody. A claimer that dies between the steps leaves a
 * pending reservation that the next claim under the reference takes over after the pending hold.
 *
 * <p>Known limit: a claim that stalls between its reservation and its settlement for longer than the
 * pending hold (30 seconds by default) may have its reservation taken over; it then keeps its seats
 * under a reference bound to another claim, and a warning is logged.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class ReferenceBinding {

    static final String IDENTITY = "identity";
    static final String CLAIM = "claim";
    static final String PENDING_UNTIL = "pendingUntil";
    static final String CREATED_AT = "createdAt";

    private static final long MAX_PAUSE_MILLIS = 50;
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(1);

    private final SeatStore store;

    /** Binds in {@code store}'s references collection, by its clock and pending hold. */
    public ReferenceBinding(SeatStore store) {
        this.store = store;
    }

    /**
     * A reservation of a reference by one claim attempt.
     *
     * @param attempt names the attempt; null if the reference was bound to the same claim already,
     *                so there is nothing to settle or withdraw
     */
    public record Reservation(String attempt) {
    }

    /** {@code ReferenceInUse} if the reference is settled on another claim, by a plain read; a hint only. */
    public Optional<ClaimResult> boundToAnother(ClaimRequest request) {
        Document bound = references().find(Filters.eq(SeatMapping.ID, request.reference().value())).first();
        if (bound == null || bound.get(PENDING_UNTIL) != null
                || ClaimIdentity.of(request).digest().equals(bound.getString(IDENTITY))) {
            return Optional.empty();
        }
        return Optional.of(new ClaimResult.ReferenceInUse(request.reference()));
    }

    /**
     * Reserves the reference of {@code request} for this attempt, waiting for a claim in progress
     * under it to finish.
     *
     * @return the reservation; empty if the reference is bound to another claim
     * @throws BookingException {@code TIMEOUT} if another claim's reservation is still pending after
     *                          the pending hold
     */
    public Optional<Reservation> reserve(ClaimRequest request) {
        String identity = ClaimIdentity.of(request).digest();
        String attempt = UUID.randomUUID().toString();
        String reference = request.reference().value();
        long deadline = System.nanoTime() + store.pendingHold().plus(WAIT_MARGIN).toNanos();
        long pause = 1;
        while (true) {
            Instant now = store.now();
            Document mine = new Document(SeatMapping.ID, reference).append(IDENTITY, identity).append(CLAIM, attempt)
                    .append(PENDING_UNTIL, Date.from(now.plus(store.pendingHold()))).append(CREATED_AT, Date.from(now));
            try {
                references().insertOne(mine);
                return Optional.of(new Reservation(attempt));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document bound = references().find(Filters.eq(SeatMapping.ID, reference)).first();
            if (bound != null) {
                Date pendingUntil = bound.getDate(PENDING_UNTIL);
                if (pendingUntil == null) {
                    return identity.equals(bound.getString(IDENTITY)) ? Optional.of(new Reservation(null)) : Optional.empty();
                }
                if (!pendingUntil.toInstant().isAfter(now)) {
                    // its claimer died, or stalled past its pending hold: take the reservation over
                    Bson stale = Filters.and(Filters.eq(SeatMapping.ID, reference),
                            Filters.eq(CLAIM, bound.getString(CLAIM)), Filters.eq(PENDING_UNTIL, pendingUntil));
                    if (references().replaceOne(stale, mine).getMatchedCount() == 1) {
                        return Optional.of(new Reservation(attempt));
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BookingException(BookingException.Failure.TIMEOUT,
                        "another claim under the same reference is still in progress");
            }
            pause(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    /**
     * Settles a reservation once its claim has won: the reference is bound for good.
     *
     * @return false if the reservation was taken over meanwhile (see the known limit above)
     */
    public boolean settle(ClaimRequest request, Reservation reservation) {
        if (reservation.attempt() == null) {
            return true;
        }
        return references().updateOne(mineFilter(request, reservation), Updates.unset(PENDING_UNTIL))
                .getMatchedCount() == 1;
    }

    /** Withdraws a reservation whose claim did not win, unless it was settled or taken over. */
    public void withdraw(ClaimRequest request, Reservation reservation) {
        if (reservation.attempt() != null) {
            references().deleteOne(Filters.and(mineFilter(request, reservation), Filters.exists(PENDING_UNTIL)));
        }
    }

    private static Bson mineFilter(ClaimRequest request, Reservation reservation) {
        return Filters.and(Filters.eq(SeatMapping.ID, request.reference().value()),
                Filters.eq(CLAIM, reservation.attempt()));
    }

    private MongoCollection<Document> references() {
        return store.references();
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.TIMEOUT,
                    "interrupted while waiting for another claim under the same reference", e);
        }
    }
}
