package dev.booking.jdbc;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.internal.Arguments;
import dev.booking.core.internal.Events;
import dev.booking.jdbc.internal.Lifecycle;
import dev.booking.jdbc.internal.Outcome;
import dev.booking.jdbc.internal.SeatRow;
import dev.booking.jdbc.internal.SeatTable;
import dev.booking.jdbc.internal.SqlErrors;
import dev.booking.jdbc.internal.SqlFailure;
import dev.booking.jdbc.internal.TableName;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The booking contract on a relational database.
 *
 * <p>{@code tryBook} runs one conditional UPDATE:
 * <pre>{@code
 * UPDATE booking_seat SET status = 'BOOKED', owner_id = ?, reference = ?, hold_until = NULL,
 *        version = version + 1, updated_at = <now>
 *  WHERE show_id = ? AND seat_no = ?
 *    AND (status = 'EMPTY' OR (status = 'HELD' AND hold_until <= <now>))
 * }</pre>
 * One updated row means this call won. Only when no row was updated does a second SELECT tell
 * {@code AlreadyYours} from {@code Taken} from {@code NoSuchSeat}; there is never a read before the
 * write. Because the version always changes, a winning UPDATE changes its row on every driver, so
 * "found rows" and "affected rows" (the MySQL and MariaDB connection option) agree.
 *
 * <p>The seat lifecycle ({@link #claim}, {@link #confirm}, {@link #release(BookingReference, UserId)},
 * {@link #release(SeatId, UserId)}, {@link #sweepExpiredHolds}) follows the in-memory reference
 * implementation. Operations on several rows run in one transaction that locks the rows one by one
 * in one global order (show, then seat number as {@link String#compareTo} orders them), so that
 * overlapping groups queue instead of deadlocking; should the database still abort such a
 * transaction as a deadlock victim or for a serialization failure, it is run again, up to
 * {@value #CONFLICT_ATTEMPTS} times (or the retry policy's attempts, if more).
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
 * <p>Events: the {@link Builder#listener listener} is told about every committed change, after the
 * commit and after the connection went back to the pool, on the calling thread. A listener that
 * throws is logged; the change stands and the caller gets its result.
 *
 * <p>Thread-safety: immutable once built; share one instance between all threads.
 */
public final class JdbcSeatRepository implements SeatRepository {

    private static final int BATCH_SIZE = 500;
    private static final int SETUP_ATTEMPTS = 5;
    /** A seat seen EMPTY right after a lost claim was released in between; claim again, a few times. */
    private static final int CLAIM_ATTEMPTS = 3;
    /** Attempts of a multi-row operation the database aborted as a deadlock victim or serialization failure. */
    private static final int CONFLICT_ATTEMPTS = 10;
    /** The waits between those attempts: short, jittered, so the victims do not collide again in step. */
    private static final RetryPolicy CONFLICT_BACKOFF =
            new RetryPolicy(CONFLICT_ATTEMPTS, Duration.ofMillis(2), Duration.ofMillis(100));

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final TableName table;
    private final SeatTable seats;
    private final Lifecycle lifecycle;
    private final TransactionIsolationLevel isolation;
    private final RetryPolicy retry;
    private final Events events;

    private JdbcSeatRepository(Builder builder, Dialect dialect) {
        this.jdbi = Jdbi.create(builder.dataSource);
        // the statements are fixed strings with positional binds: no template to render per call
        this.jdbi.setTemplateEngine(new NoTemplateEngine());
        this.dialect = dialect;
        this.table = builder.table;
        this.seats = new SeatTable(dialect.sql().statements(builder.table));
        this.isolation = builder.isolation;
        this.lifecycle = new Lifecycle(seats, builder.isolation);
        this.retry = builder.retry;
        this.events = new Events(builder.listener);
    }

    /** Starts configuring a repository on {@code dataSource}, which the application owns and closes. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
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

    /** The conditional UPDATE that {@link #tryBook} runs, exactly as sent (parameters: owner, reference, show, seat). */
    public String tryBookSql() {
        return tryBookSql(dialect, table.value());
    }

    /**
     * The conditional UPDATE that tryBook runs on {@code dialect} for {@code table}, exactly as sent.
     *
     * @throws IllegalArgumentException if the table name is invalid
     */
    public static String tryBookSql(Dialect dialect, String table) {
        Arguments.requirePresent("dialect", dialect);
        return dialect.sql().statements(new TableName(table)).claim();
    }

    /**
     * Creates the table and its indexes if they do not exist ({@code CREATE ... IF NOT EXISTS}), from
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
            return null;
        }, 1);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One conditional UPDATE in autocommit (or in a transaction at the configured isolation);
     * a lost claim is followed by one read. A win is told to the listener as
     * {@link BookingEvent.Type#BOOKED}.
     */
    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BookingReference reference = BookingReference.generate();
        BookingResult result = run("tryBook", seat, handle -> {
            for (int attempt = 1; ; attempt++) {
                if (book(handle, seat, user, reference)) {
                    return new BookingResult.Booked(seat, user, reference);
                }
                Optional<SeatState> state = read(handle, seat);
                if (state.isEmpty()) {
                    return new BookingResult.NoSuchSeat(seat);
                }
                if (user.equals(state.get().owner())) {
                    return new BookingResult.AlreadyYours(seat, user, state.get().reference());
                }
                if (!state.get().isEmpty() || attempt >= CLAIM_ATTEMPTS) {
                    return new BookingResult.Taken(seat);
                }
            }
        }, retry.maxAttempts());
        if (result instanceof BookingResult.Booked) {
            events.publish(new BookingEvent(BookingEvent.Type.BOOKED, reference, user, List.of(seat), null));
        }
        return result;
    }

    /**
     * The conditional update. It runs as a plain {@link java.sql.PreparedStatement} on the Jdbi
     * handle's connection ({@link SeatTable}): this is the hot path of every booking, where Jdbi's
     * statement layer measured about 4 µs per call against 1 µs for the handle, several percent of
     * the throughput on a small machine. Handles, transactions, batches and listings stay with Jdbi.
     */
    private boolean book(Handle handle, SeatId seat, UserId user, BookingReference reference) {
        HandleCallback<Integer, RuntimeException> update = h -> {
            try {
                return seats.book(h.getConnection(), seat, user, reference);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
        int updated = isolation == null ? update.withHandle(handle) : handle.inTransaction(isolation, update::withHandle);
        if (updated > 1) {
            throw new BookingException(BookingException.Failure.UNEXPECTED, "claim updated " + updated + " rows of "
                    + seat + "; the table lacks its primary key on (show_id, seat_no)");
        }
        return updated == 1;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A plain read of the reference answers a replay. Otherwise one transaction locks every seat
     * of the request in the global order ({@code SELECT ... FOR UPDATE}), rolls back if any is
     * missing or live, else claims all of them in one UPDATE (so all get the same expiry,
     * {@code now + holdFor} by the database's clock) and reads the expiry back. A claim that lost
     * reads the reference once more: if a concurrent copy of the same request won, this is its
     * replay. The listener hears {@link BookingEvent.Type#HELD} or {@link BookingEvent.Type#BOOKED}.
     *
     * <p>Caveat: two requests with the same caller-chosen reference for disjoint seats, sent at the
     * very same moment, can both succeed (the reference then names both groups); a reference names
     * one request, so reuse it only to repeat that request.
     */
    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return runLifecycle("claim", request.reference(), handle -> lifecycle.claim(handle, request));
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
        return runLifecycle("confirm", reference, handle -> lifecycle.confirm(handle, reference, user));
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
        return runLifecycle("release", reference, handle -> lifecycle.release(handle, reference, user));
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
        return runLifecycle("release", seat, handle -> lifecycle.release(handle, seat, user));
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
        return runLifecycle("sweepExpiredHolds", limit, handle -> lifecycle.sweep(handle, limit));
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> added = Arguments.seatsOf(show, numbers).stream()
                .sorted(Comparator.comparing(SeatId::number)) // one global order: concurrent adds cannot deadlock
                .toList();
        if (added.isEmpty()) {
            return;
        }
        run("addSeats", show, handle -> handle.inTransaction(h -> {
            for (int from = 0; from < added.size(); from += BATCH_SIZE) {
                PreparedBatch batch = h.prepareBatch(seats.statements().insertIfAbsent());
                for (SeatId seat : added.subList(from, Math.min(added.size(), from + BATCH_SIZE))) {
                    batch.bind(0, seat.show().value()).bind(1, seat.number()).add();
                }
                batch.execute();
            }
            return null;
        }), SETUP_ATTEMPTS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A hold that has expired by the database's clock reads as empty.
     */
    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        return run("findSeat", seat, handle -> read(handle, seat), retry.maxAttempts());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Holds that have expired by the database's clock read as empty.
     */
    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return run("listSeats", show, handle -> handle.createQuery(seats.statements().readShow())
                .bind(0, show.value())
                .map((rs, ctx) -> SeatRow.read(rs).toState())
                .list(), retry.maxAttempts())
                .stream().sorted(Comparator.comparing(state -> state.seat().number())).toList();
    }

    /** One seat, read as a plain statement for the same reason as {@link #book}: it follows every lost claim. */
    private Optional<SeatState> read(Handle handle, SeatId seat) {
        try {
            return seats.read(handle.getConnection(), seat).map(SeatRow::toState);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** A lifecycle step on a handle; it may throw the SQLException of a plain statement. */
    @FunctionalInterface
    private interface LifecycleStep<T> {
        Outcome<T> run(Handle handle) throws SQLException;
    }

    /**
     * Runs a lifecycle operation: a transaction the database aborted as a deadlock victim or for a
     * serialization failure is run again, up to {@value #CONFLICT_ATTEMPTS} times or the retry
     * policy's attempts if more; other transient conflicts (lock wait timeouts) follow the retry
     * policy. Then, with the connection back in the pool, the listener hears the events.
     */
    private <T> T runLifecycle(String operation, Object subject, LifecycleStep<T> step) {
        HandleCallback<Outcome<T>, RuntimeException> work = handle -> {
            try {
                return step.run(handle);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        };
        int conflictAttempts = Math.max(CONFLICT_ATTEMPTS, retry.maxAttempts());
        for (int attempt = 1; ; attempt++) {
            Outcome<T> outcome;
            try {
                outcome = jdbi.withHandle(work);
            } catch (JdbiException | SqlFailure e) {
                BookingException failure = SqlErrors.translate(operation + " " + subject, e);
                if (SqlErrors.abortedForConflict(e) && attempt < conflictAttempts) {
                    pause(CONFLICT_BACKOFF.backoffAfter(Math.min(attempt, CONFLICT_ATTEMPTS)), failure);
                    continue;
                }
                if (failure.failure() != BookingException.Failure.TRANSIENT_CONFLICT || attempt >= retry.maxAttempts()) {
                    throw failure;
                }
                pause(retry.backoffAfter(attempt), failure);
                continue;
            }
            outcome.events().forEach(events::publish);
            return outcome.result();
        }
    }

    /**
     * Runs {@code work} on a pooled handle, translating database errors and repeating transient
     * conflicts up to {@code attempts} times. The message names the operation and its subject; it
     * is built only on failure, off the hot path.
     */
    private <T> T run(String operation, Object subject, HandleCallback<T, RuntimeException> work, int attempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.withHandle(work);
            } catch (JdbiException | SqlFailure e) {
                BookingException failure = SqlErrors.translate(operation + " " + subject, e);
                if (failure.failure() != BookingException.Failure.TRANSIENT_CONFLICT || attempt >= attempts) {
                    throw failure;
                }
                pause(retry.backoffAfter(attempt), failure);
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
     * Configures a {@link JdbcSeatRepository}. Not thread-safe; the repository it builds is
     * immutable.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private TableName table = new TableName("booking_seat");
        private Dialect dialect;
        private TransactionIsolationLevel isolation;
        private RetryPolicy retry = RetryPolicy.none();
        private BookingListener listener = BookingListener.NONE;

        private Builder(DataSource dataSource) {
            this.dataSource = Arguments.requirePresent("dataSource", dataSource);
        }

        /**
         * The table name, default {@code booking_seat}: lower-case letters, digits and underscores,
         * at most 48 characters. It is quoted in every statement.
         *
         * @throws IllegalArgumentException if the name is not of that form
         */
        public Builder table(String table) {
            this.table = new TableName(table);
            return this;
        }

        /** The database, instead of detecting it from the connection's metadata. */
        public Builder dialect(Dialect dialect) {
            this.dialect = Arguments.requirePresent("dialect", dialect);
            return this;
        }

        /**
         * Runs each claim in an explicit transaction at {@code level} instead of autocommit at the
         * connection's default level, and every lifecycle transaction (multi-seat claims, confirm,
         * release, sweep) at that level instead of the connection's. At {@code SERIALIZABLE} on
         * PostgreSQL, losers of {@code tryBook} are aborted with SQLState 40001: pair it with
         * {@link #retry}. (Lifecycle transactions repeat such aborts by themselves.)
         */
        public Builder isolation(TransactionIsolationLevel level) {
            this.isolation = Arguments.requirePresent("isolation", level);
            return this;
        }

        /** The retry policy for transient conflicts; default {@link RetryPolicy#none()}. */
        public Builder retry(RetryPolicy retry) {
            this.retry = Arguments.requirePresent("retry", retry);
            return this;
        }

        /**
         * Told about every committed change (held, booked, confirmed, released, expired), after the
         * commit, on the thread that made it; default {@link BookingListener#NONE}. It must be
         * thread-safe. Whatever it throws is logged and dropped: the change stands and the caller
         * gets its result. It is called after the connection went back to the pool, so it may use
         * the repository itself.
         */
        public Builder listener(BookingListener listener) {
            this.listener = Arguments.requirePresent("listener", listener);
            return this;
        }

        /**
         * Builds the repository. Without an explicit {@link #dialect}, borrows one connection to
         * read the database's metadata.
         *
         * @throws BookingException         if detection cannot connect
         * @throws IllegalStateException    if the database is not supported and no dialect was set
         */
        public JdbcSeatRepository build() {
            return new JdbcSeatRepository(this, dialect != null ? dialect : detect());
        }

        private Dialect detect() {
            try (var connection = dataSource.getConnection()) {
                var metaData = connection.getMetaData();
                return Dialect.detect(metaData).orElseThrow(() -> new IllegalStateException(
                        "unsupported database '" + safe(metaData) + "'; set Builder.dialect(...) explicitly"));
            } catch (SQLException e) {
                throw new BookingException(SqlErrors.classify(e),
                        "could not read the database metadata to detect the dialect", e);
            }
        }

        private static String safe(DatabaseMetaData metaData) {
            try {
                return metaData.getDatabaseProductName();
            } catch (SQLException e) {
                return "?";
            }
        }
    }
}
