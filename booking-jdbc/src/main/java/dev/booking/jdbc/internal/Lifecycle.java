package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The seat lifecycle on SQL: all-or-nothing claims, confirm, release and the sweep of expired
 * holds, each on one Jdbi handle. The rules are those of the in-memory reference implementation;
 * what this class adds is how they are made atomic on a database:
 *
 * <ul>
 *   <li>Every operation that changes several rows runs in one transaction and first locks the rows
 *       it may change one by one in the one global order ({@link SeatTable#lockInOrder}), then
 *       decides on what it read under the locks, then changes all rows in one statement whose
 *       WHERE clause checks every condition again. Overlapping operations therefore queue for
 *       the first seat they share instead of deadlocking.</li>
 *   <li>What changes nothing (a lost claim, a lapsed confirmation, a repeated request) is answered
 *       from a plain read, or from the locked read with the transaction rolled back.</li>
 *   <li>If the seats of a reference changed between the read and the locks, or a hold expired
 *       between the locked read and the update, the operation rolls back and starts over, up to
 *       {@link #ROUNDS} times.</li>
 * </ul>
 *
 * <p>Events are returned in the {@link Outcome}, never published here: the caller tells the
 * listener after the commit, once the connection is back in the pool.
 *
 * <p>Thread-safety: immutable; one handle per call.
 */
public final class Lifecycle {

    /** How often an operation starts over because the seats changed under it, before giving up. */
    static final int ROUNDS = 10;

    private final SeatTable table;
    private final TransactionIsolationLevel isolation;

    /**
     * Works on {@code table}, in transactions at {@code isolation}.
     *
     * @param isolation the level of every transaction, or {@code null} for the connection's own
     */
    public Lifecycle(SeatTable table, TransactionIsolationLevel isolation) {
        this.table = Objects.requireNonNull(table, "table");
        this.isolation = isolation;
    }

    /**
     * The claim: replay if the reference is live already; else lock every seat of the request in
     * order and claim all of them in one statement, or none. A claim that lost is checked against
     * the reference once more, so that a concurrent retry of the same request ends as a replay.
     */
    public Outcome<ClaimResult> claim(Handle handle, ClaimRequest request) throws SQLException {
        Connection connection = handle.getConnection();
        Optional<ClaimResult> earlier = earlierClaim(connection, request);
        if (earlier.isPresent()) {
            return Outcome.quiet(earlier.get());
        }
        Outcome<ClaimResult> outcome = inTransaction(handle, tx -> claimLocked(tx, request));
        if (outcome.result() instanceof ClaimResult.Unavailable) {
            // perhaps lost to the same request sent twice (a retry after a timeout): that is a replay
            Optional<ClaimResult> replay = earlierClaim(connection, request);
            if (replay.isPresent()) {
                return Outcome.quiet(replay.get());
            }
        }
        return outcome;
    }

    private Outcome<ClaimResult> claimLocked(Connection tx, ClaimRequest request) throws SQLException {
        Map<SeatId, SeatRow> locked = table.lockInOrder(tx, request.seats());
        List<SeatId> missing = request.seats().stream().filter(seat -> !locked.containsKey(seat)).toList();
        if (!missing.isEmpty()) {
            throw rollback(Outcome.quiet(new ClaimResult.NoSuchSeats(missing)));
        }
        List<SeatId> unavailable = request.seats().stream().filter(seat -> locked.get(seat).isLive()).toList();
        if (!unavailable.isEmpty()) {
            throw rollback(Outcome.quiet(new ClaimResult.Unavailable(unavailable)));
        }
        int claimed = table.claim(tx, request);
        if (claimed != request.seats().size()) {
            throw new BookingException(BookingException.Failure.UNEXPECTED, "claim " + request.reference()
                    + " updated " + claimed + " rows for " + request.seats().size()
                    + " locked free seats; the table lacks its primary key on (show_id, seat_no)?");
        }
        // read back what the database stored, the expiry above all, so that a replay answers the same;
        // the seats just claimed count even if a very short hold has expired already
        Set<SeatId> requested = new HashSet<>(request.seats());
        List<SeatRow> group = table.readReference(tx, request.reference());
        if (group.stream().anyMatch(row -> !requested.contains(row.seat()) && row.isLive())) {
            // another claim took the same reference for other seats in the same instant; it keeps it
            throw rollback(Outcome.quiet(new ClaimResult.ReferenceInUse(request.reference())));
        }
        ClaimResult.Claimed result = claimedFrom(group.stream().filter(row -> requested.contains(row.seat())).toList());
        return Outcome.of(result, new BookingEvent(request.isHold() ? BookingEvent.Type.HELD : BookingEvent.Type.BOOKED,
                result.reference(), result.owner(), result.seats(), result.holdExpiresAt()));
    }

    /** The answer to a request whose reference is live already, or empty if it is not. */
    private Optional<ClaimResult> earlierClaim(Connection connection, ClaimRequest request) throws SQLException {
        List<SeatRow> group = live(table.readReference(connection, request.reference()));
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sameClaim(group, request)
                ? claimedFrom(group) : new ClaimResult.ReferenceInUse(request.reference()));
    }

    /**
     * Confirm: decided on a plain read when that is enough (lapsed, not yours, booked already);
     * else the group's rows are locked in order, read again, and their holds booked in one
     * statement that checks once more that none has expired.
     */
    public Outcome<ConfirmResult> confirm(Handle handle, BookingReference reference, UserId user)
            throws SQLException {
        for (int round = 1; round <= ROUNDS; round++) {
            List<SeatRow> rows = table.readReference(handle.getConnection(), reference);
            Optional<ConfirmResult> answer = confirmAnswer(rows, reference, user);
            if (answer.isPresent()) {
                return Outcome.quiet(answer.get());
            }
            Outcome<ConfirmResult> outcome = inTransaction(handle, tx -> {
                List<SeatRow> group = lockGroup(tx, reference, seatsOf(rows));
                Optional<ConfirmResult> lockedAnswer = confirmAnswer(group, reference, user);
                if (lockedAnswer.isPresent()) {
                    throw rollback(Outcome.quiet(lockedAnswer.get()));
                }
                List<SeatId> held = seatsOf(group.stream().filter(row -> row.status() == SeatStatus.HELD).toList());
                if (table.confirm(tx, reference, user, held) != held.size()) {
                    // a hold expired between the locked read and the update: nothing is booked
                    throw rollback(Outcome.quiet(new ConfirmResult.Lapsed(reference)));
                }
                return Outcome.of(new ConfirmResult.Confirmed(reference, user, seatsOf(live(group))),
                        new BookingEvent(BookingEvent.Type.CONFIRMED, reference, user, held, null));
            });
            if (outcome != null) {
                return outcome;
            }
        }
        throw keptChanging("confirm", reference);
    }

    /** The answer of a confirmation that changes nothing, or empty if there are holds to book. */
    private static Optional<ConfirmResult> confirmAnswer(List<SeatRow> rows, BookingReference reference, UserId user) {
        List<SeatRow> group = live(rows);
        if (group.isEmpty() || rows.stream().anyMatch(SeatRow::lapsed)) {
            return Optional.of(new ConfirmResult.Lapsed(reference));
        }
        if (!group.stream().allMatch(row -> user.equals(row.owner()))) {
            return Optional.of(new ConfirmResult.NotYours(reference));
        }
        if (group.stream().noneMatch(row -> row.status() == SeatStatus.HELD)) {
            return Optional.of(new ConfirmResult.Confirmed(reference, user, seatsOf(group)));
        }
        return Optional.empty();
    }

    /**
     * Release of a group: decided on a plain read when nothing is to be released; else the live
     * rows are locked in order, read again, and freed in one statement that checks each again.
     */
    public Outcome<ReleaseResult> release(Handle handle, BookingReference reference, UserId user)
            throws SQLException {
        for (int round = 1; round <= ROUNDS; round++) {
            List<SeatRow> rows = table.readReference(handle.getConnection(), reference);
            Optional<ReleaseResult> answer = releaseAnswer(rows, user);
            if (answer.isPresent()) {
                return Outcome.quiet(answer.get());
            }
            Outcome<ReleaseResult> outcome = inTransaction(handle, tx -> {
                List<SeatRow> group = lockGroup(tx, reference, seatsOf(live(rows)));
                Optional<ReleaseResult> lockedAnswer = releaseAnswer(group, user);
                if (lockedAnswer.isPresent()) {
                    throw rollback(Outcome.quiet(lockedAnswer.get()));
                }
                List<SeatId> released = seatsOf(live(group));
                if (table.release(tx, reference, user, released) != released.size()) {
                    throw rollback(null); // a hold expired in between: start over and release the rest
                }
                return Outcome.of(new ReleaseResult.Released(reference, user, released),
                        new BookingEvent(BookingEvent.Type.RELEASED, reference, user, released, null));
            });
            if (outcome != null) {
                return outcome;
            }
        }
        throw keptChanging("release", reference);
    }

    private static Optional<ReleaseResult> releaseAnswer(List<SeatRow> rows, UserId user) {
        List<SeatRow> group = live(rows);
        if (group.isEmpty()) {
            return Optional.of(new ReleaseResult.NothingToRelease());
        }
        if (!group.stream().allMatch(row -> user.equals(row.owner()))) {
            return Optional.of(new ReleaseResult.NotYours());
        }
        return Optional.empty();
    }

    /** Release of one seat: locked, checked, freed; the rest of its group stays as it is. */
    public Outcome<ReleaseResult> release(Handle handle, SeatId seat, UserId user) throws SQLException {
        for (int round = 1; round <= ROUNDS; round++) {
            Outcome<ReleaseResult> outcome = inTransaction(handle, tx -> {
                Optional<SeatRow> row = table.lock(tx, seat);
                if (row.isEmpty() || !row.get().isLive()) {
                    throw rollback(Outcome.quiet(new ReleaseResult.NothingToRelease()));
                }
                if (!user.equals(row.get().owner())) {
                    throw rollback(Outcome.quiet(new ReleaseResult.NotYours()));
                }
                BookingReference reference = row.get().reference();
                if (table.release(tx, reference, user, List.of(seat)) != 1) {
                    throw rollback(null); // the hold expired in between: start over
                }
                return Outcome.of(new ReleaseResult.Released(reference, user, List.of(seat)),
                        new BookingEvent(BookingEvent.Type.RELEASED, reference, user, List.of(seat), null));
            });
            if (outcome != null) {
                return outcome;
            }
        }
        throw keptChanging("release", seat);
    }

    /**
     * The sweep: locks up to {@code limit} expired holds with {@code SKIP LOCKED}, so that
     * concurrent sweeps take disjoint rows without waiting, and frees them in statements that
     * check the expiry again. Each freed seat yields one EXPIRED event.
     */
    public Outcome<Integer> sweep(Handle handle, int limit) throws SQLException {
        for (int round = 1; round <= ROUNDS; round++) {
            Outcome<Integer> outcome = inTransaction(handle, tx -> {
                List<SeatTable.ExpiredHold> expired = new ArrayList<>(table.lockExpired(tx, limit));
                if (expired.isEmpty()) {
                    throw rollback(Outcome.quiet(0));
                }
                expired.sort(Comparator.comparing(SeatTable.ExpiredHold::seat, SeatRow.ORDER));
                List<SeatId> seats = expired.stream().map(SeatTable.ExpiredHold::seat).toList();
                if (table.expire(tx, seats) != seats.size()) {
                    throw rollback(null); // a row changed although locked (a database without SKIP LOCKED?): again
                }
                List<BookingEvent> events = expired.stream()
                        .map(hold -> new BookingEvent(BookingEvent.Type.EXPIRED, hold.reference(), hold.owner(),
                                List.of(hold.seat()), null))
                        .toList();
                return new Outcome<>(seats.size(), events);
            });
            if (outcome != null) {
                return outcome;
            }
        }
        throw keptChanging("sweepExpiredHolds", limit);
    }

    /**
     * Locks {@code seats} in order, then reads the reference again under the locks. If the
     * reference gained a live seat that is not locked, the read is not safe to act on: the
     * transaction rolls back and the operation starts over.
     */
    private List<SeatRow> lockGroup(Connection tx, BookingReference reference, List<SeatId> seats)
            throws SQLException {
        table.lockInOrder(tx, seats);
        List<SeatRow> group = table.readReference(tx, reference);
        Set<SeatId> locked = new HashSet<>(seats);
        if (!live(group).stream().allMatch(row -> locked.contains(row.seat()))) {
            throw rollback(null);
        }
        return group;
    }

    private static List<SeatRow> live(List<SeatRow> rows) {
        return rows.stream().filter(SeatRow::isLive).toList();
    }

    private static List<SeatId> seatsOf(List<SeatRow> rows) {
        return rows.stream().map(SeatRow::seat).toList();
    }

    private static boolean sameClaim(List<SeatRow> group, ClaimRequest request) {
        return group.stream().allMatch(row -> request.user().equals(row.owner()))
                && new HashSet<>(seatsOf(group)).equals(new HashSet<>(request.seats()))
                && group.size() == request.seats().size();
    }

    /** The group as it stands: held if any seat is held (expiring at the earliest hold), else booked. */
    private static ClaimResult.Claimed claimedFrom(List<SeatRow> group) {
        SeatRow first = group.get(0);
        Optional<Instant> expiresAt = group.stream()
                .filter(row -> row.status() == SeatStatus.HELD)
                .map(SeatRow::holdUntil)
                .min(Comparator.naturalOrder());
        return new ClaimResult.Claimed(first.reference(), first.owner(), seatsOf(group),
                expiresAt.isPresent() ? SeatStatus.HELD : SeatStatus.BOOKED, expiresAt.orElse(null));
    }

    private static BookingException keptChanging(String operation, Object subject) {
        return new BookingException(BookingException.Failure.TRANSIENT_CONFLICT, operation + " " + subject
                + " gave up: the seats changed under it " + ROUNDS + " times in a row; nothing was changed");
    }

    /** One step of work in a transaction, on its connection. */
    @FunctionalInterface
    private interface Step<T> {
        T run(Connection tx) throws SQLException;
    }

    /**
     * Runs {@code step} in a transaction at the configured level. The transaction commits if the
     * step returns, and rolls back if it throws; a {@link Rollback} carries the answer (or
     * {@code null}: start over) out of the rolled-back transaction.
     */
    @SuppressWarnings("unchecked")
    private <T> Outcome<T> inTransaction(Handle handle, Step<Outcome<T>> step) {
        HandleCallback<Outcome<T>, RuntimeException> callback = h -> {
            try {
                return step.run(h.getConnection());
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
        try {
            return isolation == null ? handle.inTransaction(callback) : handle.inTransaction(isolation, callback);
        } catch (Rollback rollback) {
            return (Outcome<T>) rollback.outcome;
        }
    }

    private static Rollback rollback(Outcome<?> outcome) {
        return new Rollback(outcome);
    }

    /** Ends a transaction by rolling it back, with the answer to give; without a stack trace: it is no error. */
    private static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome<?> outcome;

        Rollback(Outcome<?> outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}
