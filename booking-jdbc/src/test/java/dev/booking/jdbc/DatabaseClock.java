package dev.booking.jdbc;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's clock and a seat's stored hold expiry as tests see them, written independently of
 * the library's own SQL: the clock is read with the dialect's time function, the column with the
 * driver's date-time types.
 */
final class DatabaseClock {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String table;

    DatabaseClock(DataSource dataSource, Dialect dialect, String table) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.table = table;
    }

    private boolean mysqlFamily() {
        return dialect == Dialect.MARIADB || dialect == Dialect.MYSQL;
    }

    private String quoted() {
        return mysqlFamily() ? "`" + table + "`" : "\"" + table + "\"";
    }

    /** The database's current time, read in a statement of its own. */
    Instant now() throws SQLException {
        String sql = switch (dialect) {
            case POSTGRESQL -> "SELECT clock_timestamp()";
            case H2 -> "SELECT CURRENT_TIMESTAMP";
            case MARIADB, MYSQL -> "SELECT UTC_TIMESTAMP(6)";
        };
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return instant(rs);
        }
    }

    /** The seat's hold_until as stored, or null. */
    Instant storedHoldUntil(SeatId seat) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT hold_until FROM " + quoted() + " WHERE show_id = ? AND seat_no = ?")) {
            statement.setString(1, seat.show().value());
            statement.setString(2, seat.number());
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as("row of %s", seat).isTrue();
                return rs.getObject(1) == null ? null : instant(rs);
            }
        }
    }

    /**
     * Moves the seat's hold expiry to {@code offset} from the database's current time, as if the
     * database's clock had moved: the JVM's clock does not change.
     */
    void moveHoldUntil(SeatId seat, Duration offset) throws SQLException {
        String expiry = switch (dialect) {
            case POSTGRESQL -> "clock_timestamp() + CAST(? AS BIGINT) * INTERVAL '1 millisecond'";
            case H2 -> "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
            case MARIADB, MYSQL -> "UTC_TIMESTAMP(6) + INTERVAL (? * 1000) MICROSECOND";
        };
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE " + quoted() + " SET hold_until = "
                     + expiry + " WHERE show_id = ? AND seat_no = ? AND status = 'HELD'")) {
            statement.setLong(1, offset.toMillis());
            statement.setString(2, seat.show().value());
            statement.setString(3, seat.number());
            assertThat(statement.executeUpdate()).as("held row of %s", seat).isEqualTo(1);
        }
    }

    /** How many seats of {@code show} are stored as HELD, expired or not. */
    int storedHolds(ShowId show) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT COUNT(*) FROM " + quoted() + " WHERE show_id = ? AND status = 'HELD'")) {
            statement.setString(1, show.value());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Instant instant(ResultSet rs) throws SQLException {
        Instant value = mysqlFamily()
                ? rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC) // the column holds UTC
                : rs.getObject(1, OffsetDateTime.class).toInstant();
        return value.truncatedTo(ChronoUnit.MICROS);
    }
}
