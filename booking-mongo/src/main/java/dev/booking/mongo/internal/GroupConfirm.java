package dev.booking.mongo.internal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingReference;
import dev.booking.core.ConfirmResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns every hold of a group into a booking, or none, without transactions. Each held seat is
 * booked by one conditional {@code updateOne} that matches only the hold as it was read (reference,
 * owner, version) and only while it has not expired. If one seat cannot be booked (its hold lapsed,
 * was released or swept meanwhile), the seats this call booked are turned back into the holds they
 * were (matched by the version this call wrote), and the group is read again to answer.
 *
 * <p>A seat found already booked under the same reference and owner was booked by a concurrent
 * confirmation of the same group (a double click): that is no failure, and it is not this call's
 * change to report.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class GroupConfirm {

    /** How many times one call tries before it answers {@code Lapsed}; each retry follows a lost seat. */
    public static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(GroupConfirm.class);

    private final SeatStore store;

    /**
     * Confirms in {@code store}.
     *
     * @param store the seats and the clock
     */
    public GroupConfirm(SeatStore store) {
        this.store = store;
    }

    /** A seat this call booked: the version its write produced and the expiry of the hold it was. */
    private record Booked(SeatId seat, long version, Instant holdExpiresAt) {
    }

    /**
     * Confirms the group named by {@code reference} for {@code user}.
     *
     * @param reference the group's reference
     * @param user      who claims to hold it
     * @return the answer, with a CONFIRMED event naming the seats this call booked, if any
     * @throws com.mongodb.MongoException if the store fails (after undoing as far as it can)
     * @throws dev.booking.core.BookingException {@code TIMEOUT} if a claim under the reference is
     *                                           still in progress after the pending hold
     */
    public Outcome<ConfirmResult> confirm(BookingReference reference, UserId user) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<StoredSeat> members = SeatStore.at(store.settledMembers(reference), store.now());
            Optional<ConfirmResult> unchanged = SeatRules.confirmWithoutChange(reference, user, members);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            List<Booked> booked = bookAll(reference, user, SeatRules.holdsToConfirm(members));
            if (booked != null) {
                ConfirmResult.Confirmed confirmed = SeatRules.confirmed(reference, user, members);
                // seats booked by a concurrent confirmation of the same group are that call's change
                return booked.isEmpty() ? Outcome.unchanged(confirmed) : Outcome.changed(confirmed,
                        SeatEvents.confirmed(reference, user, booked.stream().map(Booked::seat).toList()));
            }
            // a hold was lost meanwhile and this call's bookings are undone: read again to answer
        }
        return Outcome.unchanged(new ConfirmResult.Lapsed(reference));
    }

    /** Books every seat of {@code held}; returns what this call booked, or null after undoing it. */
    private List<Booked> bookAll(BookingReference reference, UserId user, List<StoredSeat> held) {
        List<Booked> booked = new ArrayList<>();
        boolean told = false;
        // the write under way and the notices it carries: if it fails, it may have been applied all the
        // same (its acknowledgement lost), so the undo covers it too, matched by the version it would write
        Booked inFlight = null;
        List<Notice> inFlightNotices = List.of();
        try {
            for (StoredSeat hold : held) {
                long version = hold.state().version();
                // the confirmation is final when its last hold is booked: that write carries its notice
                boolean last = hold == held.get(held.size() - 1);
                List<SeatId> withThis = new ArrayList<>(booked.stream().map(Booked::seat).toList());
                withThis.add(hold.seat());
                List<Notice> notices = last
                        ? store.noticesOf(List.of(SeatEvents.confirmed(reference, user, withThis))) : List.of();
                inFlight = new Booked(hold.seat(), version + 1, hold.state().holdExpiresAt());
                inFlightNotices = notices;
                long matched = store.collection().updateOne(
                        SeatStatements.liveHold(hold.seat(), reference, user, version, store.now()),
                        SeatStore.carrying(SeatStatements.book(), notices)).getMatchedCount();
                Booked written = inFlight;
                inFlight = null;
                if (matched == 1) {
                    booked.add(written);
                    store.deliver(hold.seat(), notices);
                    told = last;
                } else if (!bookedByConcurrentConfirmation(hold.seat(), reference, user)) {
                    undo(reference, user, booked, List.of());
                    return null;
                }
            }
            if (!told && !booked.isEmpty()) {
                // a concurrent confirmation booked the last hold: the notice goes onto the last seat this call booked
                inFlightNotices = store.noticesOf(List.of(
                        SeatEvents.confirmed(reference, user, booked.stream().map(Booked::seat).toList())));
                store.pushAndDeliver(booked.get(booked.size() - 1).seat(), inFlightNotices);
            }
            return booked;
        } catch (RuntimeException e) {
            try {
                List<Booked> written = new ArrayList<>(booked);
                if (inFlight != null) {
                    written.add(inFlight);
                }
                undo(reference, user, written, inFlightNotices);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
                LOG.warn("confirmation failed and could not undo {} bookings; confirm again to finish it",
                        booked.size());
            }
            throw e;
        }
    }

    private boolean bookedByConcurrentConfirmation(SeatId seat, BookingReference reference, UserId user) {
        StoredDocument current = store.read(seat);
        return current != null && current.state().status() == SeatStatus.BOOKED
                && reference.equals(current.state().reference()) && user.equals(current.state().owner());
    }

    /**
     * Turns the seats this call booked back into the holds they were, unless changed since, taking
     * back in the same writes any of {@code notices} (of a write whose acknowledgement was lost).
     */
    private void undo(BookingReference reference, UserId user, List<Booked> booked, List<Notice> notices) {
        List<String> ids = notices.stream().map(Notice::id).toList();
        for (Booked seat : booked) {
            Bson unbook = SeatStatements.unbook(seat.holdExpiresAt());
            store.collection().updateOne(SeatStatements.written(seat.seat(), reference, user, seat.version()),
                    ids.isEmpty() ? unbook : Updates.combine(unbook, Updates.pull(NoticeMapping.SEAT_OUTBOX,
                            Filters.in(NoticeMapping.NOTICE_ID, ids))));
        }
    }
}
