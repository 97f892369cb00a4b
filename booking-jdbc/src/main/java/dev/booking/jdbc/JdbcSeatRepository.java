package dev.booking.jdbc;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import dev.booking.core.spi.EventPublisher;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatRules;
import dev.booking.jdbc.internal.FailureTranslator;
import dev.booking.jdbc.internal.GaleraSettings;
import dev.booking.jdbc.internal.SeatOperations;
import dev.booking.jdbc.internal.ReferenceStore;
import dev.booking.jdbc.internal.SeatStore;
import dev.booking.jdbc.internal.SqlFailure;
import dev.booking.jdbc.internal.TableName;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The booking contract on a relational database.
 *
 * <p>{@code tryBook} runs one conditional UPDATE:
 * <pre>{@code
 * UPDATE booking_seat SET status = 'BOOKED', owner_id = ?, reference = ?, hold_until = NULL,
 *        version = version + 1, updated_at = <now>
 *  WHERE show_id = ? AND seat_no = ? AND status = 'EMPTY'
 * }</pre>
 * One updated row means this call won; there is never a read before the write. Most callers of a
 * hot seat lose, so the loser learns why ({@code AlreadyYours}, {@code Taken} or {@code NoSuchSeat})
 * in the same round trip wherever the database allows ({@link #tryBookSentSql()} is the statement
 * actually sent):
 * <ul>
 *   <li>PostgreSQL: the UPDATE in a common table expression, and in the same statement, if it
 *       updated nothing, a verdict read from the seat's row: one number saying whether somebody else
 *       has the seat ({@code Taken}, nothing more to read). That read sees the statement's snapshot;
 *       when the UPDATE lost to a change committed after the snapshot was taken (it waited for that
 *       change's row lock), the read still shows the seat empty, and the seat is read in a second
 *       statement. The caller's own seat (whose reference the answer carries), a lapsed hold and a
 *       missing seat are read in a second statement too.</li>
 *   <li>MariaDB and MySQL: the plain conditional UPDATE, whose "the seat is empty" condition puts
 *       a verdict into {@code LAST_INSERT_ID(expr)}, which the server sends with the update count
 *       and the driver returns as the generated key: won, taken by another user, or anything else.
 *       A loser's row is not changed. {@code Taken} needs nothing more; the caller's own seat, a
 *       lapsed hold and a missing seat are read in a second statement, as is every loss through
 *       MySQL Connector/J, which returns a generated key only for a changed row.</li>
 *   <li>H2: the plain UPDATE; a loser reads the seat in a second statement (in the same JVM, a
 *       statement costs no network round trip).</li>
 * </ul>
 * If the seat turns out to be a hold that has expired, a second UPDATE replaces exactly that hold
 * ({@code ... AND version = ? AND status = 'HELD' AND hold_until <= <now>}), so that of the bookings,
 * claims and sweeps racing for it exactly one ends it and tells its holder
 * {@link BookingEvent.Type#EXPIRED}. Because the version always changes, a winning UPDATE changes its
 * row on every driver, so "found rows" and "affected rows" (the MySQL and MariaDB connection option)
 * agree; the MariaDB and MySQL verdict does not depend on either.
 *
 * <p>Every answer comes from the rules of {@code booking-core}'s SPI ({@link SeatRules}), the
 * same as the in-memory reference implementation's and every other adapter's. Operations on several rows run in one transaction that locks the rows one by one
 * in one global order (show, then seat number as {@link String#compareTo} orders them), so that
 * overlapping groups queue instead of deadlocking; should the database still abort such a
 * transaction as a deadlock victim or for a serialization failure, it is run again, up to
 * {@value #ABORT_ATTEMPTS} times (or the retry policy's attempts, if more). A deadlock victim is run
 * again by every operation, a single-seat {@code tryBook} included: InnoDB can pick even a one-row
 * UPDATE as a victim when a sweep reaches the same row through the hold index first (the stadium
 * benchmark met one), and a statement rolled back whole is safe to run again. A serialization
 * failure of a single-row operation (at {@code SERIALIZABLE}, a race's losers) follows the retry policy.
 *
 * <p>Time: there is one clock, the database's. A hold's expiry is computed in the statement that
 * sets it, and whether a hold has expired is decided in SQL, so the JVM's clock and time zone, and
 * the session's time zone, play no part. An expired hold is free at once for every claim; the
 * sweep only tidies up and tells the listener.
 *
 * <p>Transactions: by default every single-statement call runs on its own pooled connection in
 * autocommit mode, which is a transaction of one statement; the connection goes back to the pool
 * as it came. With {@link Builder#isolation} the UPDATE of {@code tryBook} and every lifecycle
 * transaction run at that level, and Jdbi restores the connection's previous level and autocommit
 * afterwards.
 *
 * <p>Notifications: with {@link Builder#outbox}, every change also writes one outbox record per
 * event, in its own transaction, before the commit ({@link JdbcOutbox}).
 *
 * <p>Events: the {@link Builder#listener listener} is told about every committed change, after the
 * commit and after the connection went back to the pool, on the calling thread. A listener that
 * throws is logged; the change stands and the caller gets its result.
 *
 * <p>Thread-safety: immutable once built; share one instance between all threads.
 */
public final class JdbcSeatRepository implements SeatRepository, OrderedClaims {

    private static final int SETUP_ATTEMPTS = 5;
    /** Attempts of a multi-row operation the database aborted as a deadlock victim or serialization failure. */
    private static final int ABORT_ATTEMPTS = 10;
    /** The waits between those attempts: short, jittered, so the victims do not collide again in step. */
    private static final RetryPolicy ABORT_BACKOFF =
            new RetryPolicy(ABORT_ATTEMPTS, Duration.ofMillis(2), Duration.ofMillis(100));

    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final TableName table;
    private final SeatOperations operations;
    private final RetryPolicy retry;
    private final EventPublisher events;

    private JdbcSeatRepository(Builder builder, Dialect dialect) {
        this.dataSource = builder.dataSource;
        this.jdbi = Jdbi.create(builder.dataSource);
        // the statements are fixed strings with positional binds: no template to render per call
        this.jdbi.setTemplateEngine(new NoTemplateEngine());
        this.dialect = dialect;
        this.table = builder.table;
        this.operations = new SeatOperations(new SeatStore(dialect.sql().statements(builder.table),
                dialect.sql().seatsPerGroupStatement()),
                new ReferenceStore(dialect.sql().referenceStatements(builder.table)),
                dialect.sql().batchStatements(builder.table),
                builder.isolation == null ? null : jdbiLevel(builder.isolation),
                builder.outbox == null ? null : builder.outbox.rows(),
                builder.outbox == null ? null : dialect.sql().bookAndTell(builder.table,
                        new TableName(builder.outbox.table())));
        this.retry = builder.retry;
        this.events = new EventPublisher(builder.listener);
    }

    /** Jdbi's name for {@code isolation}: Jdbi stays an implementation detail of this adapter. */
    private static TransactionIsolationLevel jdbiLevel(Isolation isolation) {
        return switch (isolation) {
            case READ_UNCOMMITTED -> TransactionIsolationLevel.READ_UNCOMMITTED;
            case READ_COMMITTED -> TransactionIsolationLevel.READ_COMMITTED;
            case REPEATABLE_READ -> TransactionIsolationLevel.REPEATABLE_READ;
            case SERIALIZABLE -> TransactionIsolationLevel.SERIALIZABLE;
        };
    }

    /**
     * Starts configuring a repository on {@code dataSource}, which the application owns and closes.
     *
     * @throws IllegalArgumentException naming {@code dataSource} if it is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Arguments.requirePresent("dataSource", dataSource), new TableName("booking_seat"), null,
                null, RetryPolicy.none(), BookingListener.NONE, null);
    }

    /** The dialect in use, detected or set. */
    public Dialect dialect() {
        return dialect;
    }

    /** The (unquoted) table name in use. */
    public String table() {
        return table.value();
    }

    /** This repository's DDL: the dialect's schema resource with the table name filled in. */
    public String schemaSql() {
        return schemaSql(dialect, table.value());
    }

    /**
     * The DDL of {@code dialect} for a table named {@code table}.
     *
     * @throws IllegalArgumentException if the table name is invalid
     */
    public static String schemaSql(Dialect dialect, String table) {
        Arguments.requirePresent("dialect", dialect);
        TableName name = new TableName(table);
        try (InputStream in = JdbcSeatRepository.class.getResourceAsStream(dialect.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + dialect.schemaResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", name.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The conditional UPDATE at the heart of {@link #tryBook} (parameters: owner, reference, show,
     * seat): what a hand-written booking would run, for query plans and for baselines that compare
     * the library with it. On H2 it is exactly what tryBook sends; on PostgreSQL, MariaDB and MySQL
     * tryBook sends it in a form that also tells a loser why ({@link #tryBookSentSql()}).
     */
    public String tryBookSql() {
        return tryBookSql(dialect, table.value());
    }

    /**
     * The conditional UPDATE at the heart of {@link #tryBook} on {@code dialect} for a table named
     * {@code table} (parameters: owner, reference, show, seat); see {@link #tryBookSql()}.
     *
     * @throws IllegalArgumentException if an argument is missing or the table name is invalid
     */
    public static String tryBookSql(Dialect dialect, String table) {
        return Arguments.requirePresent("dialect", dialect).sql().statements(new TableName(table)).claim();
    }

    /**
     * The statement {@link #tryBook} sends first, exactly as it is sent, for audits: on H2
     * {@link #tryBookSql()} itself; on PostgreSQL a common table expression that runs it and reads a
     * loser's verdict (parameters: owner, reference, show, seat, user, show, seat; with an outbox it
     * also inserts the winner's notice and reads a loser's seat: owner, reference, show, seat, the
     * notice's, show, seat); on MariaDB and MySQL the UPDATE whose condition reports its verdict through
     * {@code LAST_INSERT_ID(expr)} (parameters: owner, reference, show, seat, user).
     */
    public String tryBookSentSql() {
        return tryBookSentSql(dialect, table.value());
    }

    /**
     * The statement {@link #tryBook} sends first on {@code dialect} for a table named {@code table},
     * without an outbox; see {@link #tryBookSentSql()}.
     *
     * @throws IllegalArgumentException if an argument is missing or the table name is invalid
     */
    public static String tryBookSentSql(Dialect dialect, String table) {
        return Arguments.requirePresent("dialect", dialect).sql().statements(new TableName(table)).tryBook().sql();
    }

    /**
     * Creates the seat table, its reference table ({@code <table>_reference}) and their indexes if they
     * do not exist ({@code CREATE ... IF NOT EXISTS}), from
     * {@link #schemaSql()}. Never called implicitly: production schemas usually belong to a
     * migration tool, which can take the same DDL.
     *
     * @throws BookingException if the database refuses
     */
    public void createSchema() {
        String withoutComments = schemaSql().lines()
                .filter(line -> !line.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
        run("createSchema", table.value(), handle -> {
            for (String statement : withoutComments.split(";")) {
                if (!statement.isBlank()) {
                    handle.execute(statement.trim());
                }
            }
            return Outcome.unchanged(table.value());
        }, 1, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One conditional UPDATE of an empty seat in autocommit (or in a transaction at the configured
     * isolation), in the form that tells a loser why in the same round trip where the database allows
     * (see the class documentation); a loser it cannot explain reads the seat, and a hold found expired
     * is replaced by a second UPDATE keyed by the version read. A win is told to the listener as {@link BookingEvent.Type#BOOKED},
     * preceded by {@link BookingEvent.Type#EXPIRED} for the expired hold it replaced. The UPDATE runs as a plain {@link java.sql.PreparedStatement}:
     * this is the hot path of every booking, where Jdbi's statement layer measured about 4 µs per
     * call against 1 µs for the handle. In autocommit (no isolation level, no outbox) it runs on a
     * connection taken from the data source directly, without a Jdbi handle at all, as a
     * hand-written booking would; with either, on a handle, whose transactions restore the
     * connection afterwards.
     */
    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BookingReference reference = BookingReference.generate();
        if (operations.tryBookNeedsHandle()) {
            return run("tryBook", seat, handle -> operations.tryBook(handle, seat, user, reference),
                    retry.maxAttempts(), false);
        }
        return runOnConnection("tryBook", seat, connection -> operations.tryBook(connection, seat, user, reference),
                retry.maxAttempts());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A plain read of the reference answers a replay. Otherwise one transaction locks every seat
     * of the request in the global order ({@code SELECT ... FOR UPDATE}), rolls back if any is
     * missing or live, else claims all of them in one UPDATE (so all get the same expiry,
     * {@code now + holdFor} by the database's clock) and reads the expiry back. A claim that lost
     * reads the reference once more: if a concurrent copy of the same request won, this is its
     * replay. The listener hears {@link BookingEvent.Type#HELD} or {@link BookingEvent.Type#BOOKED},
     * preceded by one {@link BookingEvent.Type#EXPIRED} per seat that was an expired hold (the locked
     * read says which; the sweep skips locked rows, so it cannot clear them too).
     *
     * <p>References: the claim transaction binds its reference in the reference table
     * ({@code <table>_reference}, whose primary key is the reference) before it claims the seats,
     * so of two claims of different seats under one reference, sent at the same moment, the second
     * waits at that key and then gets {@code ReferenceInUse}. The binding outlives the seats' release
     * or lapse; a refused claim rolls it back with everything else.
     */
    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return run("claim", request.reference(), handle -> operations.claim(handle, request),
                retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction, in a few round trips whatever the batch's size: every seat of the batch
     * is locked at once, show by show in seat order ({@code SELECT ... ORDER BY seat_no FOR UPDATE});
     * the seats and bindings of the batch's references are read at once; each request is decided in
     * memory, in order, by the same rules as {@link #claim}, against the seats as the requests
     * before it left them; then the winners' references are bound and their seats claimed with JDBC
     * batches (one UPDATE per winner, so each group gets one expiry by the database's clock), read
     * back once, and committed together. On PostgreSQL the same work takes three round trips:
     * the lock and both reads are sent at once, then the bindings and every winner's seats (one
     * UPDATE over arrays of the winners, so the whole batch gets one clock reading, returning the
     * seats it wrote), then the commit; each statement binds whole arrays joined on the tables' keys,
     * so it is one prepared statement for every batch size and an index lookup per element however
     * stale the tables' statistics. A batch that meets a reference bound concurrently to
     * another claim is rolled back and decided again; a batch the database aborts as a deadlock
     * victim or for a serialization failure is run again whole, as a claim is; any other failure
     * rolls the whole batch back and throws. The listener hears each winner's events, in request
     * order, after the commit.
     */
    @Override
    public List<ClaimResult> claimInOrder(List<ClaimRequest> requests) {
        List<ClaimRequest> batch = Arguments.claimBatch(requests);
        return run("claimInOrder", batch.size() + " requests from " + batch.get(0).reference(),
                handle -> operations.claimInOrder(handle, batch), retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from a plain read of the reference when nothing is to be booked. Otherwise one
     * transaction locks the group's seats in the global order, reads them again, and books every
     * unexpired hold in one UPDATE that checks the expiry once more; if a hold expired in between,
     * it rolls back and answers {@link ConfirmResult.Lapsed}. The listener hears
     * {@link BookingEvent.Type#CONFIRMED} with the seats that changed.
     */
    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return run("confirm", reference, handle -> operations.confirm(handle, reference, user),
                retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from a plain read of the reference when nothing is to be released. Otherwise one
     * transaction locks the group's live seats in the global order, reads them again, and frees
     * them in one UPDATE. Holds of the group that have expired are left to the sweep. The listener
     * hears {@link BookingEvent.Type#RELEASED}.
     */
    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return run("release", reference, handle -> operations.release(handle, reference, user),
                retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction locks the seat, checks it and frees it. The listener hears
     * {@link BookingEvent.Type#RELEASED} with the seat's reference.
     */
    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return run("release", seat, handle -> operations.release(handle, seat, user), retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction selects up to {@code limit} expired holds, oldest first, with
     * {@code FOR UPDATE SKIP LOCKED} (PostgreSQL, MariaDB 10.6+, MySQL 8, H2 2.x), so that sweeps
     * running at once in several instances take disjoint rows without waiting for each other, and
     * frees them with UPDATEs that check the expiry again. Each freed seat is told to the listener
     * as one {@link BookingEvent.Type#EXPIRED} event after the commit.
     */
    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        return run("sweepExpiredHolds", limit, handle -> operations.sweep(handle, limit), retry.maxAttempts(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction of batched INSERTs that leave existing rows untouched, in seat order, so
     * that concurrent adds cannot deadlock.
     */
    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> added = Arguments.seatsToAdd(show, numbers);
        if (added.isEmpty()) {
            return;
        }
        run("addSeats", show, handle -> {
            operations.addSeats(handle, added);
            return Outcome.unchanged(added);
        }, SETUP_ATTEMPTS, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A hold that has expired by the database's clock reads as empty.
     */
    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        return run("findSeat", seat, handle -> Outcome.unchanged(operations.findSeat(handle, seat)),
                retry.maxAttempts(), false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Holds that have expired by the database's clock read as empty.
     */
    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return run("listSeats", show, handle -> Outcome.unchanged(operations.listSeats(handle, show)),
                retry.maxAttempts(), false);
    }

    /** An operation on a pooled handle; it may throw the SQLException of a plain statement. */
    @FunctionalInterface
    private interface Operation<T> {
        Outcome<T> run(Handle handle) throws SQLException;
    }

    /** An operation on a plain pooled connection in autocommit. */
    @FunctionalInterface
    private interface ConnectionOperation<T> {
        Outcome<T> run(Connection connection) throws SQLException;
    }

    /**
     * {@link #run} on a plain connection from the data source, given back before the listener is told:
     * no Jdbi handle, for tryBook's single statements in autocommit.
     */
    private <T> T runOnConnection(String operation, Object subject, ConnectionOperation<T> work, int attempts) {
        return attempt(operation, subject, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        }, attempts, false);
    }

    /**
     * Runs {@code operation} on a pooled handle, then, with the connection back in the pool, tells
     * the listener its events. Database errors become {@link BookingException}s whose message names
     * the operation and its subject (built only on failure, off the hot path). Transient conflicts
     * are repeated up to {@code attempts} times by the retry policy's backoff; a deadlock victim, and
     * where {@code repeatsAborts} a transaction aborted for a serialization failure, is also run
     * again by itself, up to {@value #ABORT_ATTEMPTS} times.
     */
    private <T> T run(String operation, Object subject, Operation<T> work, int attempts, boolean repeatsAborts) {
        HandleCallback<Outcome<T>, RuntimeException> callback = handle -> {
            try {
                return work.run(handle);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
        return attempt(operation, subject, () -> jdbi.withHandle(callback), attempts, repeatsAborts);
    }

    /** The attempts of {@link #run} and {@link #runOnConnection}: {@code once} runs one attempt. */
    private <T> T attempt(String operation, Object subject, Supplier<Outcome<T>> once, int attempts,
                          boolean repeatsAborts) {
        int abortAttempts = Math.max(ABORT_ATTEMPTS, attempts);
        for (int attempt = 1; ; attempt++) {
            try {
                return events.deliver(once.get());
            } catch (JdbiException | SqlFailure e) {
                BookingException failure = FailureTranslator.translate(operation + " " + subject, e);
                boolean runAgain = FailureTranslator.deadlockVictim(e)
                        || (repeatsAborts && FailureTranslator.abortedForConflict(e));
                if (runAgain && attempt < abortAttempts) {
                    pause(ABORT_BACKOFF.backoffAfter(Math.min(attempt, ABORT_ATTEMPTS)), failure);
                } else if (failure.failure() == BookingException.Failure.TRANSIENT_CONFLICT && attempt < attempts) {
                    pause(retry.backoffAfter(attempt), failure);
                } else {
                    throw failure;
                }
            }
        }
    }

    private static void pause(Duration wait, BookingException failure) {
        try {
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /**
     * The settings of a {@link JdbcSeatRepository}. Immutable: every setter checks its value at
     * once, throwing {@link IllegalArgumentException} naming the setting, and returns a new
     * builder, leaving this one unchanged, so a partly configured builder can be shared.
     *
     * <p>Thread-safety: immutable and safe to share; the repository it builds is immutable too.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private final TableName table;
        private final Dialect dialect;
        private final Isolation isolation;
        private final RetryPolicy retry;
        private final BookingListener listener;
        private final JdbcOutbox outbox;

        private Builder(DataSource dataSource, TableName table, Dialect dialect, Isolation isolation,
                        RetryPolicy retry, BookingListener listener, JdbcOutbox outbox) {
            this.dataSource = dataSource;
            this.table = table;
            this.dialect = dialect;
            this.isolation = isolation;
            this.retry = retry;
            this.listener = listener;
            this.outbox = outbox;
        }

        /**
         * The table name, default {@code booking_seat}: lower-case letters, digits and underscores,
         * at most 48 characters. It is quoted in every statement.
         *
         * @throws IllegalArgumentException if the name is not of that form
         */
        public Builder table(String table) {
            return new Builder(dataSource, new TableName(table), dialect, isolation, retry, listener, outbox);
        }

        /** The database, instead of detecting it from the connection's metadata. */
        public Builder dialect(Dialect dialect) {
            return new Builder(dataSource, table, Arguments.requirePresent("dialect", dialect), isolation, retry,
                    listener, outbox);
        }

        /**
         * Runs each claim in an explicit transaction at {@code level} instead of autocommit at the
         * connection's default level, and every lifecycle transaction (multi-seat claims, confirm,
         * release, sweep) at that level instead of the connection's. At {@code SERIALIZABLE} on
         * PostgreSQL, losers of {@code tryBook} are aborted with SQLState 40001: pair it with
         * {@link #retry}. (Lifecycle transactions repeat such aborts by themselves.)
         */
        public Builder isolation(Isolation level) {
            return new Builder(dataSource, table, dialect, Arguments.requirePresent("isolation", level), retry,
                    listener, outbox);
        }

        /** The retry policy for transient conflicts; default {@link RetryPolicy#none()}. */
        public Builder retry(RetryPolicy retry) {
            return new Builder(dataSource, table, dialect, isolation, Arguments.requirePresent("retry", retry),
                    listener, outbox);
        }

        /**
         * Told about every committed change (held, booked, confirmed, released, expired), after the
         * commit, on the thread that made it; default {@link BookingListener#NONE}. It must be
         * thread-safe. Whatever it throws is logged and dropped: the change stands and the caller
         * gets its result. It is called after the connection went back to the pool, so it may use
         * the repository itself.
         */
        public Builder listener(BookingListener listener) {
            return new Builder(dataSource, table, dialect, isolation, retry,
                    Arguments.requirePresent("listener", listener), outbox);
        }

        /**
         * Writes a {@link dev.booking.core.outbox.Notice} for every event of every change into
         * {@code outbox}'s table, in the same transaction as the change, so that no change commits
         * without its notices and no notice without its change; default none. {@code tryBook}, a
         * single UPDATE in autocommit without an outbox, then runs its UPDATE and the notice's INSERT
         * in one transaction, or, on PostgreSQL without an {@link #isolation}, as one statement in
         * autocommit ({@code WITH won AS (UPDATE ... RETURNING 1) INSERT INTO <outbox> ... SELECT ...
         * FROM won}); either way a lost claim writes nothing. The listener is told as before, after
         * the commit.
         *
         * @throws IllegalArgumentException naming {@code outbox} if it is null or was built on another
         *                                  data source than this builder's (a transaction spans one)
         */
        public Builder outbox(JdbcOutbox outbox) {
            Arguments.requirePresent("outbox", outbox);
            if (outbox.dataSource() != dataSource) {
                throw new IllegalArgumentException("outbox must be built on the repository's data source, "
                        + "so that a change and its notice commit in one transaction");
            }
            return new Builder(dataSource, table, dialect, isolation, retry, listener, outbox);
        }

        /**
         * Builds the repository. Without an explicit {@link #dialect}, borrows one connection to
         * read the database's metadata; on MariaDB a second one, to check that a Galera node's
         * {@code wsrep_sync_wait} is at least 3 (one WARN if it is lower; nothing is changed).
         *
         * @throws BookingException         if detection cannot connect
         * @throws IllegalStateException    if the database is not supported and no dialect was set
         * @throws IllegalArgumentException naming {@code outbox} if the outbox is of another dialect
         */
        public JdbcSeatRepository build() {
            Dialect used = dialect != null ? dialect : Dialect.detect(dataSource);
            if (dialect == null && used == Dialect.MARIADB) {
                // only when build() connects anyway: an explicit dialect means no connection at start-up
                GaleraSettings.warnIfTooLow(dataSource);
            }
            if (outbox != null && outbox.dialect() != used) {
                throw new IllegalArgumentException("outbox must be on the repository's database: it is "
                        + outbox.dialect() + ", the repository " + used);
            }
            return new JdbcSeatRepository(this, used);
        }
    }
}
