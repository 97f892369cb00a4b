package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingListener;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.tck.outbox.OutboxFixture;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A seat table and an outbox table of random names on one database, a repository writing to that
 * outbox, and a second outbox handle on a pool of its own (as a relay in another process has);
 * {@link #close()} drops both tables and closes both pools.
 */
final class OutboxTables implements OutboxFixture {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HikariDataSource pool;
    private final HikariDataSource secondPool;
    private final Dialect dialect;
    private final String seatTable;
    private final String outboxTable;
    private final JdbcOutbox outbox;
    private final JdbcOutbox secondOutbox;
    private final JdbcSeatRepository repository;

    /** Fresh tables on {@code database}, the repository telling {@code listener} too. */
    OutboxTables(TestDatabase database, BookingListener listener) {
        String url = database.jdbcUrl(); // once: an H2 URL names a new database each time
        this.pool = database.pool(8, config -> config.setJdbcUrl(url));
        this.secondPool = database.pool(4, config -> config.setJdbcUrl(url));
        this.dialect = JdbcSeatRepository.builder(pool).build().dialect();
        String suffix = HexFormat.of().formatHex(randomBytes());
        this.seatTable = "t_seat_" + suffix;
        this.outboxTable = "t_outbox_" + suffix;
        this.outbox = JdbcOutbox.builder(pool).table(outboxTable).dialect(dialect).build();
        this.secondOutbox = JdbcOutbox.builder(secondPool).table(outboxTable).dialect(dialect).build();
        JdbcSeatRepository.Builder builder = JdbcSeatRepository.builder(pool).table(seatTable).dialect(dialect)
                .listener(listener).outbox(outbox);
        this.repository = builder.build();
        repository.createSchema();
        outbox.createSchema();
    }

    /** Fresh tables on {@code database}. */
    OutboxTables(TestDatabase database) {
        this(database, BookingListener.NONE);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public JdbcSeatRepository repository() {
        return repository;
    }

    @Override
    public JdbcOutbox outbox() {
        return outbox;
    }

    @Override
    public OutboxStore secondOutbox() {
        return secondOutbox;
    }

    HikariDataSource pool() {
        return pool;
    }

    Dialect dialect() {
        return dialect;
    }

    String seatTable() {
        return seatTable;
    }

    String outboxTable() {
        return outboxTable;
    }

    /** The outbox table's name quoted for {@link #dialect()}. */
    String quotedOutbox() {
        return dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? "`" + outboxTable + "`" : '"' + outboxTable + '"';
    }

    /** Runs {@code sql} on a pooled connection. */
    void execute(String sql) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            TestTables.drop(pool, dialect, seatTable);
            execute("DROP TABLE IF EXISTS " + quotedOutbox());
        } finally {
            secondPool.close();
            pool.close();
        }
    }
}
