package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timestamps are stored unambiguously whatever the session's time zone: PostgreSQL and H2 keep an
 * instant ({@code timestamptz}), MariaDB keeps UTC in {@code DATETIME(6)}. A session far from UTC
 * would shift a local-time timestamp by hours, which the check below would see.
 */
class TimeZoneTest {

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "H2, -08:00", "H2, +13:00",
            "POSTGRESQL, -08:00", "POSTGRESQL, +13:00",
            "MARIADB, -08:00", "MARIADB, +13:00"})
    void updatedAtIsTheRealInstantWhateverTheSessionTimeZone(TestDatabase database, String offset) throws Exception {
        String setZone = switch (database) {
            case POSTGRESQL -> "SET TIME ZONE INTERVAL '" + offset + "' HOUR TO MINUTE";
            case MARIADB, MYSQL -> "SET time_zone = '" + offset + "'";
            case H2 -> "SET TIME ZONE '" + offset + "'";
        };
        try (HikariDataSource pool = database.pool(2, config -> config.setConnectionInitSql(setZone))) {
            JdbcSeatRepository probe = JdbcSeatRepository.builder(pool).build();
            String table = TestTables.fresh(pool, probe.dialect(), getClass());
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
            seats.createSchema();
            ShowId show = ShowId.of("tz");
            seats.addSeats(show, List.of("1"));

            Instant before = Instant.now();
            assertThat(seats.tryBook(show.seat("1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
            Instant after = Instant.now();

            Instant stored = storedUpdatedAt(pool, probe.dialect(), table);
            // same machine, same clock: only a wrong zone could move it by hours
            Duration slack = Duration.ofMinutes(1);
            assertThat(stored).isBetween(before.minus(slack), after.plus(slack));
            TestTables.drop(pool, probe.dialect(), table);
        }
    }

    private static Instant storedUpdatedAt(HikariDataSource pool, Dialect dialect, String table) throws Exception {
        boolean mysqlFamily = dialect == Dialect.MARIADB || dialect == Dialect.MYSQL;
        String quoted = mysqlFamily ? "`" + table + "`" : "\"" + table + "\"";
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT updated_at FROM " + quoted);
             ResultSet rs = select.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return mysqlFamily
                    ? rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC) // the column holds UTC
                    : rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
