package dev.booking.mongo.internal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;

import static dev.booking.mongo.internal.SeatMapping.HOLD_EXPIRES_AT;
import static dev.booking.mongo.internal.SeatMapping.ID;
import static dev.booking.mongo.internal.SeatMapping.OWNER;
import static dev.booking.mongo.internal.SeatMapping.PENDING;
import static dev.booking.mongo.internal.SeatMapping.REFERENCE;
import static dev.booking.mongo.internal.SeatMapping.STATUS;
import static dev.booking.mongo.internal.SeatMapping.UPDATED_AT;
import static dev.booking.mongo.internal.SeatMapping.VERSION;

/**
 * The filters and updates of every conditional write, in one place. Every filter names one seat by
 * {@code _id} plus the condition under which the write is allowed; MongoDB applies filter and update
 * to one document atomically, so a write either finds its condition true and applies, or changes
 * nothing. Every "now" is the caller's clock reading, truncated to milliseconds like a BSON date.
 *
 * <p>No write adds or removes a field: every field exists from the seat's insertion on, and is set
 * (to {@code null} or {@code false} when unused) rather than unset. MongoDB does not care; it keeps
 * the document's shape stable for readers, and spares the in-process test server, which encodes
 * replies from live documents, a {@code ConcurrentModificationException}.
 *
 * <p>Thread-safety: stateless.
 */
public final class SeatStatements {

    /** A {@code findOneAndUpdate} that returns the document as it was before the write. Configured once, never changed. */
    public static final FindOneAndUpdateOptions RETURN_BEFORE =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE);

    private SeatStatements() {
    }

    /** The seat, whatever its state. */
    public static Bson seat(SeatId seat) {
        return Filters.eq(ID, SeatMapping.key(seat));
    }

    /** Holds that have expired at {@code now}, any seat. */
    public static Bson lapsed(Instant now) {
        return Filters.and(Filters.eq(STATUS, SeatStatus.HELD.name()), Filters.lte(HOLD_EXPIRES_AT, Date.from(now)));
    }

    /** Booked, or held with an expiry after {@code now}. */
    public static Bson live(Instant now) {
        return Filters.or(Filters.eq(STATUS, SeatStatus.BOOKED.name()),
                Filters.and(Filters.eq(STATUS, SeatStatus.HELD.name()), Filters.gt(HOLD_EXPIRES_AT, Date.from(now))));
    }

    /** The seat, if it is free at {@code now}: empty, or held with an expiry at or before {@code now}. */
    public static Bson free(SeatId seat, Instant now) {
        return Filters.and(seat(seat), Filters.or(Filters.eq(STATUS, SeatStatus.EMPTY.name()), lapsed(now)));
    }

    /** The seat, if it is still exactly what one earlier write of this group left: same reference, owner, version. */
    public static Bson written(SeatId seat, BookingReference reference, UserId owner, long version) {
        return Filters.and(seat(seat), Filters.eq(REFERENCE, reference.value()), Filters.eq(OWNER, owner.value()),
                Filters.eq(VERSION, version));
    }

    /** The seat, if {@code owner} holds (not expired at {@code now}) or booked it, under any reference. */
    public static Bson liveOwnedBy(SeatId seat, UserId owner, Instant now) {
        return Filters.and(seat(seat), Filters.eq(OWNER, owner.value()), live(now));
    }

    /** The seat, if it is held or booked (live at {@code now}) by {@code owner} under {@code reference}. */
    public static Bson liveIn(SeatId seat, BookingReference reference, UserId owner, Instant now) {
        return Filters.and(liveOwnedBy(seat, owner, now), Filters.eq(REFERENCE, reference.value()));
    }

    /** The seat, if it is still the hold {@code owner} had at {@code version}, and it has not expired at {@code now}. */
    public static Bson liveHold(SeatId seat, BookingReference reference, UserId owner, long version, Instant now) {
        return Filters.and(written(seat, reference, owner, version), Filters.eq(STATUS, SeatStatus.HELD.name()),
                Filters.gt(HOLD_EXPIRES_AT, Date.from(now)));
    }

    /** The seat, if it is the lapsed hold that was read at {@code version}, still lapsed at {@code now}. */
    public static Bson stillLapsed(SeatId seat, long version, Instant now) {
        return Filters.and(seat(seat), Filters.eq(VERSION, version), lapsed(now));
    }

    /**
     * Claims a seat in its final state: booked ({@code expiresAt} null) or held until {@code expiresAt}.
     * Also clears the {@code pending} flag that a lapsed, abandoned group claim may have left.
     */
    public static Bson claim(SeatStatus status, UserId owner, BookingReference reference, Instant expiresAt) {
        return Updates.combine(
                Updates.set(STATUS, status.name()),
                Updates.set(OWNER, owner.value()),
                Updates.set(REFERENCE, reference.value()),
                Updates.set(HOLD_EXPIRES_AT, expiresAt == null ? null : Date.from(expiresAt)),
                Updates.set(PENDING, false),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }

    /** Takes a seat as the pending first step of a multi-seat claim: a hold until {@code pendingUntil}. */
    public static Bson pending(UserId owner, BookingReference reference, Instant pendingUntil) {
        return Updates.combine(
                Updates.set(STATUS, SeatStatus.HELD.name()),
                Updates.set(OWNER, owner.value()),
                Updates.set(REFERENCE, reference.value()),
                Updates.set(HOLD_EXPIRES_AT, Date.from(pendingUntil)),
                Updates.set(PENDING, true),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }

    /**
     * Turns a pending hold into the claim's final state. The version stays: pending hold and final
     * state are two writes of one claim, which counts as one change.
     */
    public static Bson settle(SeatStatus status, Instant expiresAt) {
        return Updates.combine(
                Updates.set(STATUS, status.name()),
                Updates.set(HOLD_EXPIRES_AT, expiresAt == null ? null : Date.from(expiresAt)),
                Updates.set(PENDING, false),
                Updates.currentDate(UPDATED_AT));
    }

    /** Turns a hold into a booking. */
    public static Bson book() {
        return Updates.combine(
                Updates.set(STATUS, SeatStatus.BOOKED.name()),
                Updates.set(HOLD_EXPIRES_AT, null),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }

    /** Turns a booking back into the hold it was, until {@code expiresAt} (undoing a confirmation). */
    public static Bson unbook(Instant expiresAt) {
        return Updates.combine(
                Updates.set(STATUS, SeatStatus.HELD.name()),
                Updates.set(HOLD_EXPIRES_AT, Date.from(expiresAt)),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }

    /**
     * Puts a seat back as it was before a claim that had to be undone: its status, owner, reference,
     * expiry and pending flag as stored then. The version still increases: the seat did change twice.
     */
    public static Bson restore(StoredDocument before) {
        SeatState state = before.state();
        return Updates.combine(
                Updates.set(STATUS, state.status().name()),
                Updates.set(OWNER, state.owner() == null ? null : state.owner().value()),
                Updates.set(REFERENCE, state.reference() == null ? null : state.reference().value()),
                Updates.set(HOLD_EXPIRES_AT, state.holdExpiresAt() == null ? null : Date.from(state.holdExpiresAt())),
                Updates.set(PENDING, before.pending()),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }

    /** Empties a seat: release and expiry. */
    public static Bson empty() {
        return Updates.combine(
                Updates.set(STATUS, SeatStatus.EMPTY.name()),
                Updates.set(OWNER, null),
                Updates.set(REFERENCE, null),
                Updates.set(HOLD_EXPIRES_AT, null),
                Updates.set(PENDING, false),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
    }
}
