package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;
import dev.booking.jdbc.internal.FailureTranslator;
import dev.booking.jdbc.internal.OutboxRows;
import dev.booking.jdbc.internal.OutboxStatements;
import dev.booking.jdbc.internal.SqlFailure;
import dev.booking.jdbc.internal.TableName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The transactional outbox on a relational database: the table a {@link JdbcSeatRepository} built
 * with {@link JdbcSeatRepository.Builder#outbox} writes a {@link Notice} to in the same transaction
 * as every change, and the {@link OutboxStore} an {@link dev.booking.core.outbox.OutboxRelay} reads.
 *
 * <p>{@link #claimDue} runs one short transaction:
 * <pre>{@code
 * SELECT ... FROM booking_outbox WHERE state = 'PENDING' AND next_attempt_at <= ?
 *    AND (lease_until IS NULL OR lease_until <= ?) ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED
 * UPDATE booking_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id IN (...)
 * COMMIT
 * }</pre>
 * {@code SKIP LOCKED} (PostgreSQL, MariaDB 10.6+, MySQL 8, H2 2.x) lets relays claim at the same
 * moment take disjoint rows without waiting for each other; the lease then keeps a claimed row
 * from every other relay until it ends, with no transaction open: deliveries happen after the
 * commit, never inside it. The {@code mark*} methods are conditional updates
 * ({@code WHERE id = ? AND lease_owner = ? AND state = 'PENDING' AND lease_until > now}); one row
 * updated means the caller still held the lease. {@link #markSent} judges the lease by its
 * {@code at}; {@link #markRetry} and {@link #markDead}, which take no time, by this outbox's clock.
 *
 * <p>{@link #appendIfAbsent}: on PostgreSQL {@code INSERT ... ON CONFLICT (id) DO NOTHING}; elsewhere
 * a plain INSERT whose duplicate-key error (SQLState {@code 23505}, MySQL/MariaDB error 1062) means
 * "already there". MySQL's {@code ON DUPLICATE KEY UPDATE} cannot tell a no-op from an insert when
 * the driver reports found rows (MariaDB Connector/J's default), and {@code INSERT IGNORE} would
 * also swallow real errors (truncation, a broken constraint), so neither is used.
 *
 * <p>Time: instants are stored with microsecond precision (finer parts are dropped), as
 * microseconds since the epoch converted in SQL, so no time zone of the session, driver or JVM
 * plays a part; on MySQL and MariaDB the {@code DATETIME(6)} columns hold UTC. The instants come from
 * the caller (the relay's clock) or, for the notices a repository writes and for
 * {@link #markRetry}/{@link #markDead}, from {@link Builder#clock}.
 *
 * <p>Thread-safety: immutable once built; safe for any number of threads, and any number of
 * processes on one table. Every call borrows one connection from the data source and gives it
 * back before it returns.
 */
public final class JdbcOutbox implements OutboxStore {

    /** The longest relay name, as the {@code lease_owner} column holds it. */
    public static final int MAX_RELAY_LENGTH = 200;
    /** The longest error kept; longer text is cut. */
    public static final int MAX_ERROR_LENGTH = 1000;
    /** The most ids one statement binds. */
    private static final int CHUNK = 500;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final TableName table;
    private final Clock clock;
    private final OutboxRows rows;

    private JdbcOutbox(Builder builder, Dialect dialect) {
        this.dataSource = builder.dataSource;
        this.dialect = dialect;
        this.table = builder.table;
        this.clock = builder.clock;
        this.rows = new OutboxRows(dialect.sql().outboxStatements(table), clock);
    }

    /**
     * Starts configuring an outbox on {@code dataSource}, which the application owns and closes;
     * a repository that writes to it must be built on the same data source.
     *
     * @throws IllegalArgumentException naming {@code dataSource} if it is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Arguments.requirePresent("dataSource", dataSource), new TableName("booking_outbox"), null,
                Clock.systemUTC());
    }

    /** The dialect in use, detected or set. */
    public Dialect dialect() {
        return dialect;
    }

    /** The (unquoted) table name in use. */
    public String table() {
        return table.value();
    }

    /** The data source, for the repository's check that it writes to this outbox on its own. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The rows' writer, for the repository's transactions. */
    OutboxRows rows() {
        return rows;
    }

    /** This outbox's DDL: the dialect's outbox schema resource with the table name filled in. */
    public String schemaSql() {
        return schemaSql(dialect, table.value());
    }

    /**
     * The outbox DDL of {@code dialect} for a table named {@code table}.
     *
     * @throws IllegalArgumentException if an argument is missing or the table name is invalid
     */
    public static String schemaSql(Dialect dialect, String table) {
        Arguments.requirePresent("dialect", dialect);
        TableName name = new TableName(table);
        try (InputStream in = JdbcOutbox.class.getResourceAsStream(dialect.outboxSchemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + dialect.outboxSchemaResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", name.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the outbox table and its indexes if they do not exist, from {@link #schemaSql()}.
     * Never called implicitly: production schemas usually belong to a migration tool.
     *
     * @throws BookingException if the database refuses
     */
    public void createSchema() {
        String withoutComments = schemaSql().lines()
                .filter(line -> !line.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
        call("createSchema", table.value(), connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : withoutComments.split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql.trim());
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean appendIfAbsent(Notice notice) {
        Arguments.requirePresent("notice", notice);
        OutboxStatements sql = rows.statements();
        return call("appendIfAbsent", notice.id(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    sql.insertIfAbsent() != null ? sql.insertIfAbsent() : sql.insert())) {
                OutboxRows.bind(statement, notice);
                return statement.executeUpdate() == 1;
            } catch (SQLException e) {
                if (sql.insertIfAbsent() == null && duplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** A unique violation; the outbox table's only unique key is its primary key, the id. */
    private static boolean duplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the locking read with {@code SKIP LOCKED}, one UPDATE of the rows read,
     * the commit. The records returned are those rows as the UPDATE left them.
     *
     * @throws IllegalArgumentException naming the argument that is missing or out of range
     */
    @Override
    public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
        relay(relay);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        Arguments.requirePresent("now", now);
        Arguments.requirePresent("leaseUntil", leaseUntil);
        if (!leaseUntil.isAfter(now)) {
            throw new IllegalArgumentException("leaseUntil must be after now");
        }
        OutboxStatements sql = rows.statements();
        return call("claimDue", relay, connection -> inTransaction(connection, tx -> {
            List<OutboxRecord> due;
            try (PreparedStatement statement = tx.prepareStatement(sql.selectDue())) {
                OutboxRows.setInstant(statement, 1, now);
                OutboxRows.setInstant(statement, 2, now);
                statement.setInt(3, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    due = OutboxRows.readAll(rs);
                }
            }
            for (int from = 0; from < due.size(); from += CHUNK) {
                List<OutboxRecord> chunk = due.subList(from, Math.min(due.size(), from + CHUNK));
                try (PreparedStatement statement = tx.prepareStatement(
                        OutboxStatements.forIds(sql.lease(), chunk.size()))) {
                    statement.setString(1, relay);
                    OutboxRows.setInstant(statement, 2, leaseUntil);
                    int index = 3;
                    for (OutboxRecord record : chunk) {
                        statement.setString(index++, record.id());
                    }
                    statement.executeUpdate();
                }
            }
            return due.stream().map(record -> new OutboxRecord(record.notice(), record.state(), record.attempts() + 1,
                    record.nextAttemptAt(), record.lastError(), record.sentAt())).toList();
        }));
    }

    @Override
    public boolean markSent(String id, String relay, Instant at) {
        Arguments.requirePresent("id", id);
        relay(relay);
        Arguments.requirePresent("at", at);
        return call("markSent", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().markSent())) {
                OutboxRows.setInstant(statement, 1, at);
                statement.setString(2, id);
                statement.setString(3, relay);
                OutboxRows.setInstant(statement, 4, at);
                return statement.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
        Arguments.requirePresent("id", id);
        relay(relay);
        Arguments.requirePresent("nextAttemptAt", nextAttemptAt);
        return call("markRetry", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().markRetry())) {
                OutboxRows.setInstant(statement, 1, nextAttemptAt);
                statement.setString(2, cut(error));
                statement.setString(3, id);
                statement.setString(4, relay);
                OutboxRows.setInstant(statement, 5, clock.instant());
                return statement.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean markDead(String id, String relay, String error) {
        Arguments.requirePresent("id", id);
        relay(relay);
        return call("markDead", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().markDead())) {
                statement.setString(1, cut(error));
                statement.setString(2, id);
                statement.setString(3, relay);
                OutboxRows.setInstant(statement, 4, clock.instant());
                return statement.executeUpdate() == 1;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>"Due at once" is stored as due since the record was written, so that it is due for any
     * relay's clock.
     */
    @Override
    public boolean requeue(String id) {
        Arguments.requirePresent("id", id);
        return call("requeue", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().requeue())) {
                statement.setString(1, id);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the ids, then deletes those still in {@code state} and written before {@code before},
     * so that a record requeued in between is kept.
     *
     * @throws IllegalArgumentException if {@code state} is {@link OutboxState#PENDING} or missing, or
     *                                  {@code limit} is not positive
     */
    @Override
    public int purge(OutboxState state, Instant before, int limit) {
        Arguments.requirePresent("state", state);
        if (state == OutboxState.PENDING) {
            throw new IllegalArgumentException("state must be SENT or DEAD: pending records are never purged");
        }
        Arguments.requirePresent("before", before);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        OutboxStatements sql = rows.statements();
        return call("purge", state, connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.purgeable())) {
                statement.setString(1, state.name());
                OutboxRows.setInstant(statement, 2, before);
                statement.setInt(3, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            int deleted = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement statement = connection.prepareStatement(
                        OutboxStatements.forIds(sql.purge(), chunk.size()))) {
                    statement.setString(1, state.name());
                    OutboxRows.setInstant(statement, 2, before);
                    int index = 3;
                    for (String id : chunk) {
                        statement.setString(index++, id);
                    }
                    deleted += statement.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public Optional<OutboxRecord> find(String id) {
        Arguments.requirePresent("id", id);
        return call("find", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().find())) {
                statement.setString(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(OutboxRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<OutboxRecord> list(OutboxState state, int limit) {
        Arguments.requirePresent("state", state);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return call("list", state, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().list())) {
                statement.setString(1, state.name());
                statement.setInt(2, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    return OutboxRows.readAll(rs);
                }
            }
        });
    }

    @Override
    public long count(OutboxState state) {
        Arguments.requirePresent("state", state);
        return call("count", state, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(rows.statements().count())) {
                statement.setString(1, state.name());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void relay(String relay) {
        Arguments.requirePresent("relay", relay);
        if (relay.length() > MAX_RELAY_LENGTH) {
            throw new IllegalArgumentException("relay must be at most " + MAX_RELAY_LENGTH + " characters long");
        }
    }

    /** {@code error} cut to {@value #MAX_ERROR_LENGTH} characters, never inside a surrogate pair. */
    private static String cut(String error) {
        if (error == null || error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        int end = Character.isHighSurrogate(error.charAt(MAX_ERROR_LENGTH - 1)) ? MAX_ERROR_LENGTH - 1 : MAX_ERROR_LENGTH;
        return error.substring(0, end);
    }

    /** Work on one borrowed connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection borrowed for the call; database errors become
     * {@link BookingException}s naming the operation and its subject.
     */
    private <T> T call(String operation, Object subject, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw FailureTranslator.translate("outbox " + operation + " " + subject, new SqlFailure(e));
        }
    }

    /** Runs {@code work} in one transaction on {@code connection}, restoring its autocommit afterwards. */
    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The settings of a {@link JdbcOutbox}. Immutable: every setter checks its value at once,
     * throwing {@link IllegalArgumentException} naming the setting, and returns a new builder.
     *
     * <p>Thread-safety: immutable and safe to share.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private final TableName table;
        private final Dialect dialect;
        private final Clock clock;

        private Builder(DataSource dataSource, TableName table, Dialect dialect, Clock clock) {
            this.dataSource = dataSource;
            this.table = table;
            this.dialect = dialect;
            this.clock = clock;
        }

        /**
         * The table name, default {@code booking_outbox}: lower-case letters, digits and underscores,
         * at most 48 characters. It is quoted in every statement.
         *
         * @throws IllegalArgumentException if the name is not of that form
         */
        public Builder table(String table) {
            return new Builder(dataSource, new TableName(table), dialect, clock);
        }

        /** The database, instead of detecting it from the connection's metadata. */
        public Builder dialect(Dialect dialect) {
            return new Builder(dataSource, table, Arguments.requirePresent("dialect", dialect), clock);
        }

        /**
         * The clock that dates the notices a repository writes and judges leases in
         * {@link #markRetry}/{@link #markDead}; default the UTC system clock.
         */
        public Builder clock(Clock clock) {
            return new Builder(dataSource, table, dialect, Arguments.requirePresent("clock", clock));
        }

        /**
         * Builds the outbox. Without an explicit {@link #dialect}, borrows one connection to read the
         * database's metadata.
         *
         * @throws BookingException      if detection cannot connect
         * @throws IllegalStateException if the database is not supported and no dialect was set
         */
        public JdbcOutbox build() {
            return new JdbcOutbox(this, dialect != null ? dialect : Dialect.detect(dataSource));
        }
    }
}
