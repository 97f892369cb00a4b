package dev.booking.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** A SQL database behind a HikariCP pool, with the seat table created if missing. */
final class JdbcRaceTarget implements RaceTarget {

    static final String TABLE = "booking_race_demo";

    private final HikariDataSource pool;
    private final JdbcSeatRepository repository;
    private final String description;

    private JdbcRaceTarget(HikariDataSource pool, String where) {
        this.pool = pool;
        this.repository = JdbcSeatRepository.builder(pool).table(TABLE).build();
        this.repository.createSchema();
        this.description = describe(pool, where);
    }

    /** The embedded default: an in-memory H2 database in this JVM. */
    static JdbcRaceTarget embeddedH2(int poolSize) {
        return open("jdbc:h2:mem:race-demo;DB_CLOSE_DELAY=-1", null, null, poolSize, "embedded, in-memory");
    }

    /** A database given by its JDBC URL. */
    static JdbcRaceTarget open(String url, String user, String password, int poolSize, String where) {
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
        config.setPoolName("race-demo");
        return new JdbcRaceTarget(new HikariDataSource(config), where);
    }

    private static String describe(HikariDataSource pool, String where) {
        try (Connection connection = pool.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()
                    + " (" + where + "; driver " + meta.getDriverName() + " " + meta.getDriverVersion() + ")";
        } catch (SQLException e) {
            return "unknown database (" + e.getMessage() + ")";
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SeatRepository repository() {
        return repository;
    }

    @Override
    public void close() {
        pool.close();
    }
}
