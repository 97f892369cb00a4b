package dev.booking.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.ShowId;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SQL database (H2, PostgreSQL, MariaDB or MySQL, by JDBC URL) behind the one HikariCP pool that
 * the library and every baseline share, with the seat table created through the library if missing.
 */
public final class SqlStore implements Store {

    private final String url;
    private final String table;
    private final HikariDataSource pool;
    private final JdbcSeatRepository repository;
    private final PhaseTimingDataSource timedPool;
    private final JdbcSeatRepository timedRepository;
    private final SqlText statements;
    private final String bulkInsert; // null where the database has no number generator to insert from
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String description;
    private volatile JdbcOutbox outbox; // created on first use, under this store's lock
    // read without the lock once made: a benchmark calls it for every booking, from every thread
    private volatile JdbcSeatRepository repositoryWithOutbox;

    private SqlStore(String url, HikariDataSource pool, String table) {
        this.url = url;
        this.table = table;
        this.pool = pool;
        this.repository = JdbcSeatRepository.builder(pool).table(table).build();
        this.repository.createSchema();
        this.timedPool = new PhaseTimingDataSource(pool);
        this.timedRepository = JdbcSeatRepository.builder(timedPool).table(table).dialect(repository.dialect())
                .build();
        this.statements = SqlText.fromClaim(repository.tryBookSql());
        this.bulkInsert = bulkInsert(repository.dialect(), statements.table());
        readSettings();
        this.description = settings.get("version") + " (" + (inMemoryH2() ? "embedded, in-memory" : "over JDBC")
                + "; driver " + settings.get("driver") + ")";
    }

    /**
     * The URL of an in-memory H2 database in this JVM, kept until the JVM exits. Its lock timeout is
     * 10 s instead of H2's 2 s: with a thousand threads on two cores, a transaction holding a row lock
     * can wait longer than 2 s for a CPU (the stadium on-sale met it), and the waiter's timeout would
     * measure the scheduler, not the store.
     */
    public static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    /**
     * Opens a pool of {@code poolSize} connections, all created up front so that no race pays for
     * connecting, and the library's repository on {@code table}, created if missing.
     *
     * @param url      the JDBC URL, with or without credentials
     * @param user     the user, or null if the URL has it
     * @param password the password, or null if the URL has it
     * @throws StoreUnreachableException if the first connection fails
     */
    public static SqlStore open(String url, String user, String password, int poolSize, String table) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(60_000);
        config.setPoolName(table);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config); // connects at once: the pool fails fast
        } catch (RuntimeException e) {
            throw StoreUnreachableException.of(url, password, e);
        }
        try {
            return new SqlStore(url, pool, table);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The JDBC URL, with its credentials; pgbench connects with them. */
    public String url() {
        return url;
    }

    /** The pool the library and every baseline share. */
    public DataSource pool() {
        return pool;
    }

    /**
     * The same pool, its connections timed for {@link CallPhases}: the hot seat's breakdown of each
     * call into waiting for a connection, executing statements and the rest.
     */
    public DataSource timedPool() {
        return timedPool;
    }

    /** The library's repository on the same table, built on {@link #timedPool()} with the same settings. */
    public JdbcSeatRepository timedRepository() {
        return timedRepository;
    }

    /** The library's statement, and the baselines' statements derived from it. */
    public SqlText statements() {
        return statements;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    @Override
    public JdbcSeatRepository repository() {
        return repository;
    }

    /** {@inheritDoc} The outbox is the table {@code <table>_outbox}, on the same pool. */
    @Override
    public JdbcSeatRepository repositoryWithOutbox() {
        JdbcSeatRepository made = repositoryWithOutbox;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (repositoryWithOutbox == null) {
                repositoryWithOutbox = JdbcSeatRepository.builder(pool).table(table).outbox(outbox()).build();
            }
            return repositoryWithOutbox;
        }
    }

    @Override
    public synchronized JdbcOutbox outbox() {
        if (outbox == null) {
            JdbcOutbox created = JdbcOutbox.builder(pool).table(outboxTable()).build();
            created.createSchema();
            outbox = created;
        }
        return outbox;
    }

    @Override
    public synchronized void clearOutbox() {
        if (outbox == null) {
            return;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE " + quoted(outboxTable()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the outbox " + outboxTable() + ": " + e.getMessage(), e);
        }
    }

    private String outboxTable() {
        return table + "_outbox";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Where the database can generate numbers, with one INSERT ... SELECT: set-up only, ten times
     * faster than the library's batches, which leaves more of a benchmark's time for measuring. The
     * rows are exactly what the library's {@code addSeats} writes; a test compares the two.
     */
    @Override
    public void addEmptySeats(ShowId show, int count) {
        if (bulkInsert == null) {
            Store.super.addEmptySeats(show, count);
            return;
        }
        if (count < 1 || count > 9_999_999) {
            throw new IllegalArgumentException("seat count out of range: " + count);
        }
        boolean mariaDb = repository.dialect() == Dialect.MARIADB;
        try (Connection connection = pool.getConnection();
             PreparedStatement insert = connection.prepareStatement(mariaDb ? String.format(bulkInsert, count - 1)
                     : bulkInsert)) {
            insert.setString(1, show.value());
            if (!mariaDb) {
                insert.setLong(2, count - 1L);
            }
            int added = insert.executeUpdate();
            if (added != count) {
                throw new IllegalStateException("added " + added + " seats to " + show + " instead of " + count);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not add " + count + " seats to " + show + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void dropShow(ShowId show) {
        try (Connection connection = pool.getConnection();
             PreparedStatement delete = connection.prepareStatement(statements.deleteShow())) {
            delete.setString(1, show.value());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete show " + show + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The seat table and the side tables the library may keep beside it ({@code <table>_outbox},
     * {@code <table>_reference}), each with {@code DROP TABLE IF EXISTS}; the side tables first, in case
     * they refer to the seat table.
     */
    @Override
    public String drop() {
        List<String> dropped = new ArrayList<>();
        for (String name : List.of(outboxTable(), table + "_reference", table)) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                boolean existed = exists(connection, name);
                statement.execute("DROP TABLE IF EXISTS " + quoted(name));
                if (existed) {
                    dropped.add(name);
                }
            } catch (SQLException e) {
                return "could not drop table " + name + " (" + e.getMessage().replaceAll("\\s+", " ")
                        + (dropped.isEmpty() ? "" : "; dropped " + String.join(", ", dropped)) + ")";
            }
        }
        return dropped.isEmpty() ? "table " + table + " was already gone"
                : "dropped table" + (dropped.size() == 1 ? " " : "s ") + String.join(", ", dropped);
    }

    @Override
    public String container() {
        return "table " + table;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(),
                name, null)) {
            return tables.next();
        }
    }

    /** Quoted as the library's DDL quotes it: on H2 an unquoted name would mean the upper-case one. */
    private String quoted(String name) {
        return switch (repository.dialect()) {
            case MARIADB, MYSQL -> "`" + name + "`";
            case POSTGRESQL, H2 -> '"' + name + '"';
        };
    }

    private boolean inMemoryH2() {
        return url.startsWith("jdbc:h2:mem:");
    }

    /** Seats {@code S0000000} to the bound, in the columns and values of the library's addSeats. */
    private static String bulkInsert(Dialect dialect, String table) {
        String columns = "INSERT INTO " + table + " (show_id, seat_no, status, owner_id, version, updated_at) ";
        return switch (dialect) {
            case POSTGRESQL -> columns + "SELECT ?, 'S' || lpad(g::text, 7, '0'), 'EMPTY', NULL, 0, CURRENT_TIMESTAMP"
                    + " FROM generate_series(0, ?) AS g";
            case H2 -> columns + "SELECT ?, 'S' || LPAD(CAST(X AS VARCHAR), 7, '0'), 'EMPTY', NULL, 0, CURRENT_TIMESTAMP"
                    + " FROM SYSTEM_RANGE(0, CAST(? AS BIGINT))";
            // MariaDB's sequence engine takes the bound in the table name: spliced as %d, never text
            case MARIADB -> columns + "SELECT ?, CONCAT('S', LPAD(seq, 7, '0')), 'EMPTY', NULL, 0, UTC_TIMESTAMP(6)"
                    + " FROM seq_0_to_%d";
            case MYSQL -> null;
        };
    }

    private void readSettings() {
        try (Connection connection = pool.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            settings.put("version", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
            settings.put("driver", meta.getDriverName() + " " + meta.getDriverVersion());
            settings.put("pool", pool.getMaximumPoolSize() + " connections (HikariCP), autocommit");
            settings.put("default isolation", isolationName(connection.getTransactionIsolation()));
            switch (repository.dialect()) {
                case POSTGRESQL -> {
                    for (String name : List.of("synchronous_commit", "fsync", "wal_sync_method", "shared_buffers",
                            "max_connections")) {
                        settings.put(name, single(connection, "SHOW " + name));
                    }
                }
                case MARIADB, MYSQL -> readMySqlVariables(connection);
                case H2 -> settings.put("storage", inMemoryH2() ? "in memory, in this JVM" : "in this JVM");
            }
        } catch (SQLException e) {
            settings.putIfAbsent("version", "unknown database");
            settings.putIfAbsent("driver", "unknown");
            settings.put("settings", "unreadable: " + e.getMessage());
        }
    }

    private void readMySqlVariables(Connection connection) throws SQLException {
        List<String> names = List.of("innodb_flush_log_at_trx_commit", "sync_binlog", "log_bin",
                "innodb_buffer_pool_size", "max_connections");
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL VARIABLES")) {
            Map<String, String> all = new LinkedHashMap<>();
            while (rows.next()) {
                all.put(rows.getString(1), rows.getString(2));
            }
            names.forEach(name -> settings.put(name, all.getOrDefault(name, "?")));
        }
    }

    private static String single(Connection connection, String query) {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
            return row.next() ? row.getString(1) : "?";
        } catch (SQLException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static String isolationName(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED -> "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> "level " + level;
        };
    }
}
