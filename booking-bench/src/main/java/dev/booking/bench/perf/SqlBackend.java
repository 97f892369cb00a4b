package dev.booking.bench.perf;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.jdbc.JdbcSeatRepository;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SQL database behind one HikariCP pool that the library and every baseline share, with the
 * benchmark's own table ({@value #TABLE}) created through the library if missing.
 */
final class SqlBackend implements Backend {

    /** The benchmark's table; nothing else uses it, and every run uses a show id of its own. */
    static final String TABLE = "booking_bench";

    private final BackendKind kind;
    private final String url;
    private final HikariDataSource pool;
    private final JdbcSeatRepository repository;
    private final SqlText sql;
    private final List<Approach> approaches;
    private final Optional<BulkSeats> bulkSeats;
    private final String description;
    private final Map<String, String> settings;

    private SqlBackend(BackendKind kind, String url, HikariDataSource pool) {
        this.kind = kind;
        this.url = url;
        this.pool = pool;
        this.repository = JdbcSeatRepository.builder(pool).table(TABLE).build();
        this.repository.createSchema();
        this.sql = SqlText.of(repository.dialect(), TABLE);
        this.bulkSeats = BulkSeats.of(repository.dialect(), sql.table());
        this.approaches = List.of(new LibraryApproach(Variants.LIBRARY, repository), new RawJdbcApproach(pool, sql),
                new NaiveApproach(pool, sql), new ForUpdateApproach(pool, sql));
        this.settings = new LinkedHashMap<>();
        this.description = readSettings();
    }

    /** An in-memory H2 database private to this run. */
    static SqlBackend h2(int poolSize) {
        return open(BackendKind.H2, "jdbc:h2:mem:booking-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", poolSize);
    }

    /**
     * Opens a pool of {@code poolSize} connections, all created up front so that no run pays for
     * connecting.
     */
    static SqlBackend open(BackendKind kind, String url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(60_000);
        config.setPoolName("booking-bench-" + kind.id());
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new SqlBackend(kind, url, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The JDBC URL, with its credentials; pgbench connects with them. */
    String url() {
        return url;
    }

    /** The pool every variant shares. */
    DataSource pool() {
        return pool;
    }

    /** The statements of this backend's dialect. */
    SqlText sql() {
        return sql;
    }

    @Override
    public BackendKind kind() {
        return kind;
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
    public SeatRepository repository() {
        return repository;
    }

    @Override
    public List<Approach> approaches() {
        return approaches;
    }

    @Override
    public void addEmptySeats(ShowId show, int count) {
        if (bulkSeats.isEmpty()) {
            Backend.super.addEmptySeats(show, count);
            return;
        }
        try {
            bulkSeats.get().add(pool, show, count);
        } catch (SQLException e) {
            throw new IllegalStateException("could not add " + count + " seats to " + show + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void dropShow(ShowId show) {
        try (Connection connection = pool.getConnection();
             PreparedStatement delete = connection.prepareStatement(sql.deleteShow())) {
            delete.setString(1, show.value());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete show " + show + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private String readSettings() {
        try (Connection connection = pool.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            settings.put("version", product);
            settings.put("driver", meta.getDriverName() + " " + meta.getDriverVersion());
            settings.put("pool", pool.getMaximumPoolSize() + " connections (HikariCP), autocommit");
            settings.put("default isolation", isolationName(connection.getTransactionIsolation()));
            switch (kind) {
                case POSTGRESQL -> {
                    for (String name : List.of("synchronous_commit", "fsync", "wal_sync_method", "shared_buffers",
                            "max_connections")) {
                        settings.put(name, single(connection, "SHOW " + name));
                    }
                }
                case MARIADB -> readMariaDbVariables(connection);
                case H2 -> settings.put("storage", "in memory, in this JVM");
                default -> {
                }
            }
            return product;
        } catch (SQLException e) {
            settings.put("settings", "unreadable: " + e.getMessage());
            return kind.id();
        }
    }

    private void readMariaDbVariables(Connection connection) throws SQLException {
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
