package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every operation of the contract on SQL, each on one Jdbi handle. The answers come from
 * {@link SeatRules}; what this class adds is how each change is made atomic on a database:
 *
 * <ul>
 *   <li>{@code tryBook} is one conditional UPDATE of an empty seat, in a form that also tells a loser
 *       why where the database allows ({@link TryBookStatement}); only a loser it cannot explain reads
 *       the seat. A lapsed hold found so is replaced by a second UPDATE keyed by the version read,
 *       so that the one caller (taker or sweep) that replaced it tells it expired.</li>
 *   <li>Every operation that changes several rows runs in one transaction and first locks the rows
 *       it may change one by one in seat order ({@link SeatStore#lockInOrder}), then decides on what
 *       it read under the locks, then changes all rows in one statement whose WHERE clause checks
 *       every condition again. Overlapping operations therefore queue for the first seat they share
 *       instead of deadlocking.</li>
 *   <li>What changes nothing (a lost claim, a lapsed confirmation, a repeated request) is answered
 *       from a plain read, or from the locked read with the transaction rolled back.</li>
 *   <li>If the seats of a reference changed between the read and the locks, or a hold expired
 *       between the locked read and the update, the operation rolls back and starts over, up to
 *       {@link #ROUNDS} times.</li>
 * </ul>
 *
 * <p>Each operation returns an {@link Outcome}: its events are told to the listener by the caller,
 * after the commit, once the connection is back in the pool.
 *
 * <p>Thread-safety: immutable; one handle per call.
 */
public final class SeatOperations {

    /** How often an operation starts over because the seats changed under it, before giving up. */
    static final int ROUNDS = 10;

    /** Seats per INSERT batch of {@link #addSeats}. */
    private static final int BATCH_SIZE = 500;

    private final SeatStore store;
    private final ReferenceStore references;
    private final BatchClaims batch;
    private final TransactionIsolationLevel isolation;
    private final OutboxRows outbox;
    /** tryBook's UPDATE and notice INSERT as one statement ({@link SqlDialect#bookAndTell}), or {@code null}. */
    private final TryBookStatement bookAndTell;

    /**
     * Works on {@code store} and its reference table {@code references}, in transactions at
     * {@code isolation}.
     *
     * @param isolation the level of every transaction, or {@code null} for the connection's own (and
     *                  autocommit for {@code tryBook})
     */
    public SeatOperations(SeatStore store, ReferenceStore references, TransactionIsolationLevel isolation) {
        this(store, references, null, isolation, null, null);
    }

    /**
     * Works on {@code store} and its reference table {@code references}, in transactions at
     * {@code isolation}, and decides batches of claims with {@code batch}'s statements.
     *
     * @param batch     the statements of {@link #claimInOrder}, or {@code null} if it is not used
     * @param isolation the level of every transaction, or {@code null} for the connection's own (and
     *                  autocommit for {@code tryBook}, unless there is an outbox)
     * @param outbox    where every change writes its events' notices in its own transaction, or {@code null}
     * @param bookAndTell tryBook's UPDATE and notice INSERT as one statement, used in autocommit (no
     *                  isolation set) with an outbox; {@code null} to run them in one transaction
     */
    public SeatOperations(SeatStore store, ReferenceStore references, BatchStatements batch,
                          TransactionIsolationLevel isolation, OutboxRows outbox, TryBookStatement bookAndTell) {
        this.store = store;
        this.references = references;
        this.batch = batch == null ? null : new BatchClaims(store.statements(), references.statements(), batch);
        this.isolation = isolation;
        this.outbox = outbox;
        this.bookAndTell = outbox == null || isolation != null ? null : bookAndTell;
    }

    /** The statements in use. */
    public SeatStatements statements() {
        return store.statements();
    }

    /**
     * Whether {@link #tryBook} needs a Jdbi handle: only to run its writes in a transaction (an
     * isolation level or an outbox is set). Otherwise it runs on a plain connection in autocommit
     * ({@link #tryBook(Connection, SeatId, UserId, BookingReference)}).
     */
    public boolean tryBookNeedsHandle() {
        return isolation != null || outbox != null;
    }

    /**
     * tryBook: the conditional UPDATE of an empty seat, in autocommit (or a transaction at the
     * configured level), in the dialect's form ({@link TryBookStatement}) that tells a loser why in
     * the same round trip where the database can; only a loser it cannot explain reads the seat. A
     * lapsed hold found is replaced by the takeover UPDATE, keyed by the version read, which tells
     * it expired if it wins; a seat found empty (again, or still in a read that predates the change
     * the write lost to) is claimed again.
     */
    public Outcome<BookingResult> tryBook(Handle handle, SeatId seat, UserId user, BookingReference reference)
            throws SQLException {
        return tryBook(handle.getConnection(), handle, seat, user, reference);
    }

    /**
     * {@link #tryBook(Handle, SeatId, UserId, BookingReference)} on a plain pooled connection in
     * autocommit, without Jdbi's handle: the hot path of every booking.
     *
     * @throws IllegalStateException if {@link #tryBookNeedsHandle()}
     */
    public Outcome<BookingResult> tryBook(Connection connection, SeatId seat, UserId user, BookingReference reference)
            throws SQLException {
        if (tryBookNeedsHandle()) {
            throw new IllegalStateException("tryBook runs in a transaction here: it needs a handle");
        }
        return tryBook(connection, null, seat, user, reference);
    }

    /** tryBook on {@code connection}, whose {@code handle} (null if none is needed) runs transactions. */
    private Outcome<BookingResult> tryBook(Connection connection, Handle handle, SeatId seat, UserId user,
                                           BookingReference reference) throws SQLException {
        BookingResult.Booked booked = new BookingResult.Booked(seat, user, reference);
        for (int attempt = 1; attempt <= SeatRules.MAX_WRITE_ATTEMPTS; attempt++) {
            List<BookingEvent> bookedEvents = List.of(SeatEvents.booked(seat, user, reference));
            BookAttempt first = bookAndTell != null
                    ? store.bookAndTell(connection, bookAndTell, outbox, seat, user, reference, bookedEvents.get(0))
                    : book(connection, handle, c -> store.book(c, seat, user, reference), bookedEvents);
            if (first instanceof BookAttempt.Won) {
                return Outcome.changed(booked, bookedEvents);
            }
            if (first instanceof BookAttempt.TakenByAnother) {
                return Outcome.unchanged(new BookingResult.Taken(seat));
            }
            Optional<StoredSeat> current = first instanceof BookAttempt.Seen seenByWrite
                    ? seenByWrite.seat() : store.read(connection, seat);
            Optional<BookingResult> lost = SeatRules.lostBooking(seat, user, current);
            if (lost.isPresent()) {
                return Outcome.unchanged(lost.get());
            }
            StoredSeat seen = current.get();
            if (seen.lapsed()) {
                List<BookingEvent> takeover = SeatEvents.takeover(List.of(seen), SeatEvents.booked(seat, user, reference));
                BookAttempt replaced = book(connection, handle, c -> BookAttempt.ofUpdateCount(
                        store.takeOver(c, seen, user, reference), seat), takeover);
                if (replaced instanceof BookAttempt.Won) {
                    return Outcome.changed(booked, takeover);
                }
            }
        }
        // free again after every lost write: it keeps changing hands, which is contention
        return Outcome.unchanged(new BookingResult.Taken(seat));
    }

    /** One of tryBook's single-row writes. */
    @FunctionalInterface
    private interface SeatUpdate {
        BookAttempt run(Connection connection) throws SQLException;
    }

    /**
     * Runs one of tryBook's writes on {@code connection}: alone in autocommit, or, with an outbox or an
     * isolation level, in a transaction of {@code handle} (then the same connection's) that also writes
     * the notices of {@code events} if the write won.
     */
    private BookAttempt book(Connection connection, Handle handle, SeatUpdate update, List<BookingEvent> events)
            throws SQLException {
        if (!tryBookNeedsHandle()) {
            return update.run(connection);
        }
        HandleCallback<BookAttempt, RuntimeException> inTransaction = h -> {
            try {
                BookAttempt attempt = update.run(h.getConnection());
                if (attempt instanceof BookAttempt.Won && outbox != null) {
                    outbox.insertEvents(h.getConnection(), events);
                }
                return attempt;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
        return isolation == null ? handle.inTransaction(inTransaction) : handle.inTransaction(isolation, inTransaction);
    }

    /**
     * The claim: a replay if the reference is live already, {@code ReferenceInUse} if it is bound to
     * another claim; else lock every seat of the request in order, bind the reference, and claim all
     * of them in one statement, or none (a refused claim rolls its binding back). A claim that lost
     * is checked against the reference once more, so that a concurrent retry of the same request
     * ends as a replay.
     */
    public Outcome<ClaimResult> claim(Handle handle, ClaimRequest request) throws SQLException {
        Optional<ClaimResult> earlier = SeatRules.replay(request,
                store.readReference(handle.getConnection(), request.reference()));
        if (earlier.isPresent()) {
            return Outcome.unchanged(earlier.get());
        }
        if (references.boundToAnother(handle.getConnection(), request)) {
            return Outcome.unchanged(new ClaimResult.ReferenceInUse(request.reference()));
        }
        Outcome<ClaimResult> outcome = decided(inTransaction(handle, tx -> claimLocked(tx, request)));
        if (outcome.result() instanceof ClaimResult.Unavailable) {
            // perhaps lost to the same request sent twice (a retry after a timeout): that is a replay
            Optional<ClaimResult> replay = SeatRules.replay(request,
                    store.readReference(handle.getConnection(), request.reference()));
            if (replay.isPresent()) {
                return Outcome.unchanged(replay.get());
            }
        }
        return outcome;
    }

    private Step<ClaimResult> claimLocked(Connection tx, ClaimRequest request) throws SQLException {
        Map<SeatId, StoredSeat> locked = store.lockInOrder(tx, request.seats());
        Optional<ClaimResult> refusal = SeatRules.refusal(request, locked);
        if (refusal.isPresent()) {
            return new Step.Unchanged<>(refusal.get());
        }
        // the seats are locked and free, so the claim succeeds if the reference is ours: bind it in this
        // transaction, where the reference table's primary key orders a concurrent claim of other seats
        if (!references.boundToSameClaim(tx, request)) {
            return new Step.Unchanged<>(new ClaimResult.ReferenceInUse(request.reference()));
        }
        int claimed = store.claim(tx, request);
        if (claimed != request.seats().size()) {
            throw new BookingException(BookingException.Failure.UNEXPECTED, "claim " + request.reference()
                    + " updated " + claimed + " rows for " + request.seats().size()
                    + " locked free seats; the table lacks its primary key on (show_id, seat_no)?");
        }
        // read back what the database stored, the expiry above all, so that a replay answers the same;
        // the seats just claimed count even if a very short hold has expired already
        Set<SeatId> requested = new HashSet<>(request.seats());
        List<StoredSeat> group = store.readReference(tx, request.reference());
        if (group.stream().anyMatch(stored -> !requested.contains(stored.seat()) && stored.isLive())) {
            // another claim took the same reference for other seats in the same instant; it keeps it
            return new Step.Unchanged<>(new ClaimResult.ReferenceInUse(request.reference()));
        }
        ClaimResult.Claimed result = SeatRules.claimedAsItStands(group.stream()
                .filter(stored -> requested.contains(stored.seat()))
                .map(stored -> new StoredSeat(stored.state(), false))
                .toList());
        // the seats were locked as read: those read as lapsed holds are the ones this claim replaced
        return new Step.Changed<>(Outcome.changed(result,
                SeatEvents.takeover(locked.values(), SeatEvents.claimed(result))));
    }

    /**
     * A batch of claims, decided in order in one transaction ({@link BatchClaims}); a batch whose
     * reference bindings changed under it is rolled back and decided again.
     */
    public Outcome<List<ClaimResult>> claimInOrder(Handle handle, List<ClaimRequest> requests) {
        if (batch == null) {
            throw new IllegalStateException("built without the batch statements");
        }
        return inRounds("claimInOrder", requests.size() + " requests", () -> inTransaction(handle, tx -> {
            Optional<Outcome<List<ClaimResult>>> decided = batch.decide(tx, requests);
            if (decided.isEmpty()) {
                return new Step.StartOver<>();
            }
            Outcome<List<ClaimResult>> outcome = decided.get();
            return outcome.isChange() ? new Step.Changed<>(outcome) : new Step.Unchanged<>(outcome.result());
        }));
    }

    /**
     * Confirm: decided on a plain read when that is enough (lapsed, not yours, booked already);
     * else the group's rows are locked in order, read again, and their holds booked in one
     * statement that checks once more that none has expired.
     */
    public Outcome<ConfirmResult> confirm(Handle handle, BookingReference reference, UserId user) {
        return inRounds("confirm", reference, () -> {
            List<StoredSeat> members = store.readReference(handle.getConnection(), reference);
            Optional<ConfirmResult> unchanged = SeatRules.confirmWithoutChange(reference, user, members);
            if (unchanged.isPresent()) {
                return new Step.Unchanged<>(unchanged.get());
            }
            return inTransaction(handle, tx -> {
                Optional<List<StoredSeat>> group = lockGroup(tx, reference, SeatRules.seatsOf(members));
                if (group.isEmpty()) {
                    return new Step.StartOver<>();
                }
                Optional<ConfirmResult> lockedAnswer = SeatRules.confirmWithoutChange(reference, user, group.get());
                if (lockedAnswer.isPresent()) {
                    return new Step.Unchanged<>(lockedAnswer.get());
                }
                List<SeatId> held = SeatRules.seatsOf(SeatRules.holdsToConfirm(group.get()));
                if (store.confirm(tx, reference, user, held) != held.size()) {
                    // a hold expired between the locked read and the update: nothing is booked
                    return new Step.Unchanged<>(new ConfirmResult.Lapsed(reference));
                }
                return new Step.Changed<>(Outcome.changed(SeatRules.confirmed(reference, user, group.get()),
                        SeatEvents.confirmed(reference, user, held)));
            });
        });
    }

    /**
     * Release of a group: decided on a plain read when nothing is to be released; else the live
     * rows are locked in order, read again, and freed in one statement that checks each again.
     */
    public Outcome<ReleaseResult> release(Handle handle, BookingReference reference, UserId user) {
        return inRounds("release", reference, () -> {
            List<StoredSeat> members = store.readReference(handle.getConnection(), reference);
            Optional<ReleaseResult> unchanged = SeatRules.releaseWithoutChange(user, members);
            if (unchanged.isPresent()) {
                return new Step.Unchanged<>(unchanged.get());
            }
            return inTransaction(handle, tx -> {
                Optional<List<StoredSeat>> group = lockGroup(tx, reference, SeatRules.seatsOf(SeatRules.live(members)));
                if (group.isEmpty()) {
                    return new Step.StartOver<>();
                }
                Optional<ReleaseResult> lockedAnswer = SeatRules.releaseWithoutChange(user, group.get());
                if (lockedAnswer.isPresent()) {
                    return new Step.Unchanged<>(lockedAnswer.get());
                }
                List<SeatId> released = SeatRules.seatsOf(SeatRules.live(group.get()));
                if (store.release(tx, reference, user, released) != released.size()) {
                    return new Step.StartOver<>(); // a hold expired in between: release the rest
                }
                return new Step.Changed<>(Outcome.changed(new ReleaseResult.Released(reference, user, released),
                        SeatEvents.released(reference, user, released)));
            });
        });
    }

    /** Release of one seat: locked, checked, freed; the rest of its group stays as it is. */
    public Outcome<ReleaseResult> release(Handle handle, SeatId seat, UserId user) {
        return inRounds("release", seat, () -> inTransaction(handle, tx -> {
            Optional<StoredSeat> current = store.lock(tx, seat);
            Optional<ReleaseResult> unchanged = SeatRules.releaseSeatWithoutChange(user, current);
            if (unchanged.isPresent()) {
                return new Step.Unchanged<>(unchanged.get());
            }
            BookingReference reference = current.get().reference();
            if (store.release(tx, reference, user, List.of(seat)) != 1) {
                return new Step.StartOver<>(); // the hold expired in between
            }
            return new Step.Changed<>(Outcome.changed(new ReleaseResult.Released(reference, user, List.of(seat)),
                    SeatEvents.released(reference, user, List.of(seat))));
        }));
    }

    /**
     * The sweep: locks up to {@code limit} expired holds with {@code SKIP LOCKED}, so that
     * concurrent sweeps take disjoint rows without waiting, and frees them in statements that
     * check the expiry again. Each freed seat yields one EXPIRED event.
     */
    public Outcome<Integer> sweep(Handle handle, int limit) {
        return inRounds("sweepExpiredHolds", limit, () -> inTransaction(handle, tx -> {
            List<StoredSeat> expired = SeatRules.sortedBySeat(store.lockExpired(tx, limit));
            if (expired.isEmpty()) {
                return new Step.Unchanged<>(0);
            }
            List<SeatId> seats = SeatRules.seatsOf(expired);
            if (store.expire(tx, seats) != seats.size()) {
                return new Step.StartOver<>(); // a row changed although locked (a database without SKIP LOCKED?)
            }
            return new Step.Changed<>(new Outcome<>(seats.size(), expired.stream()
                    .map(hold -> SeatEvents.expired(hold.reference(), hold.owner(), hold.seat()))
                    .toList()));
        }));
    }

    /** Inserts the missing seats of {@code seats} (sorted, so concurrent adds cannot deadlock) in one transaction. */
    public void addSeats(Handle handle, List<SeatId> seats) {
        handle.useTransaction(h -> {
            for (int from = 0; from < seats.size(); from += BATCH_SIZE) {
                PreparedBatch batch = h.prepareBatch(store.statements().insertIfAbsent());
                for (SeatId seat : seats.subList(from, Math.min(seats.size(), from + BATCH_SIZE))) {
                    batch.bind(0, seat.show().value()).bind(1, seat.number()).add();
                }
                batch.execute();
            }
        });
    }

    /** One seat as readers see it: a hold that has expired by the database's clock reads as empty. */
    public Optional<SeatState> findSeat(Handle handle, SeatId seat) throws SQLException {
        return store.read(handle.getConnection(), seat).map(StoredSeat::asRead);
    }

    /** Every seat of {@code show} as readers see it, in seat order. */
    public List<SeatState> listSeats(Handle handle, ShowId show) throws SQLException {
        return store.readShow(handle.getConnection(), show).stream().map(StoredSeat::asRead).toList();
    }

    /**
     * Locks {@code seats} in order, then reads the reference again under the locks. If the
     * reference gained a live seat that is not locked, the read is not safe to act on: empty, and
     * the operation starts over.
     */
    private Optional<List<StoredSeat>> lockGroup(Connection tx, BookingReference reference, List<SeatId> seats)
            throws SQLException {
        store.lockInOrder(tx, seats);
        List<StoredSeat> members = store.readReference(tx, reference);
        Set<SeatId> locked = new HashSet<>(seats);
        boolean allLocked = SeatRules.live(members).stream().allMatch(stored -> locked.contains(stored.seat()));
        return allLocked ? Optional.of(members) : Optional.empty();
    }

    /**
     * Where one round of an operation ended: a change to commit, an answer that changed nothing
     * (any transaction is rolled back), or a read that went stale (roll back and start over).
     */
    private sealed interface Step<T> {
        /** The round changed seats: commit, then answer with the outcome and its events. */
        record Changed<T>(Outcome<T> outcome) implements Step<T> {
        }

        /** The round decided without a change: roll back anything written, and answer. */
        record Unchanged<T>(T answer) implements Step<T> {
        }

        /** What the round read changed before it could act: roll back and run the round again. */
        record StartOver<T>() implements Step<T> {
        }
    }

    /** One round of an operation: reads, and perhaps a transaction. */
    @FunctionalInterface
    private interface Round<T> {
        Step<T> run() throws SQLException;
    }

    /** The work inside one transaction, on its connection. */
    @FunctionalInterface
    private interface InTransaction<T> {
        Step<T> run(Connection tx) throws SQLException;
    }

    /** The one loop: runs rounds until one decides, at most {@value #ROUNDS} of them. */
    private static <T> Outcome<T> inRounds(String operation, Object subject, Round<T> round) {
        for (int attempt = 1; attempt <= ROUNDS; attempt++) {
            Step<T> step;
            try {
                step = round.run();
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
            if (!(step instanceof Step.StartOver)) {
                return decided(step);
            }
        }
        throw new BookingException(BookingException.Failure.TRANSIENT_CONFLICT, operation + " " + subject
                + " gave up: the seats changed under it " + ROUNDS + " times in a row; nothing was changed");
    }

    private static <T> Outcome<T> decided(Step<T> step) {
        if (step instanceof Step.Changed<T> changed) {
            return changed.outcome();
        }
        if (step instanceof Step.Unchanged<T> unchanged) {
            return Outcome.unchanged(unchanged.answer());
        }
        throw new IllegalStateException("a claim's single transaction never starts over");
    }

    /**
     * Runs {@code work} in one transaction at the configured level: it commits if the work changed
     * seats, and rolls back otherwise.
     */
    private <T> Step<T> inTransaction(Handle handle, InTransaction<T> work) {
        HandleCallback<Step<T>, RuntimeException> callback = h -> {
            Step<T> step;
            try {
                step = work.run(h.getConnection());
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
            if (step instanceof Step.Changed<T> changed) {
                if (outbox != null) {
                    // the one place every multi-row change passes before its commit
                    try {
                        outbox.insertEvents(h.getConnection(), changed.outcome().events());
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                }
            } else {
                h.rollback();
            }
            return step;
        };
        return isolation == null ? handle.inTransaction(callback) : handle.inTransaction(isolation, callback);
    }
}
