package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
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
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timestamps are stored unambiguously whatever the session's time zone: PostgreSQL and H2 keep an
 * instant ({@code timestamptz}), MariaDB keeps UTC in {@code DATETIME(6)}. A session far from UTC
 * would shift a local-time timestamp by hours, which the checks below would see. Hold expiries are
 * also computed, read back and judged right whatever the session's and the JVM's time zones.
 */
class TimeZoneTest {

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "H2, -08:00", "H2, +13:00",
            "POSTGRESQL, -08:00", "POSTGRESQL, +13:00",
            "MARIADB, -08:00", "MARIADB, +13:00"})
    void updatedAtIsTheRealInstantWhateverTheSessionTimeZone(TestDatabase database, String offset) throws Exception {
        String setZone = setZone(database, offset);
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

    @ParameterizedTest(name = "{0}, session at {1}, JVM in {2}")
    @CsvSource({
            "H2, -08:00, Pacific/Kiritimati", "H2, +13:00, America/Los_Angeles",
            "POSTGRESQL, -08:00, Pacific/Kiritimati", "POSTGRESQL, +13:00, America/Los_Angeles",
            "MARIADB, -08:00, Pacific/Kiritimati", "MARIADB, +13:00, America/Los_Angeles"})
    void holdExpiriesAreRightWhateverTheSessionAndJvmTimeZones(TestDatabase database, String offset, String jvmZone)
            throws Exception {
        TimeZone jvmDefault = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(jvmZone)); // before the pool: drivers read it when connecting
        try (HikariDataSource pool = database.pool(2, config -> config.setConnectionInitSql(setZone(database, offset)))) {
            JdbcSeatRepository probe = JdbcSeatRepository.builder(pool).build();
            String table = TestTables.fresh(pool, probe.dialect(), getClass());
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
            seats.createSchema();
            ShowId show = ShowId.of("tz-hold");
            SeatId seat = show.seat("1");
            seats.addSeats(show, List.of("1"));
            Duration holdFor = Duration.ofMinutes(30);

            Instant before = Instant.now();
            ClaimResult.Claimed held = (ClaimResult.Claimed) seats.hold(seat, UserId.of("ann"), holdFor);
            Instant after = Instant.now();

            // same machine, same clock: only a wrong zone could move the expiry by hours
            Duration slack = Duration.ofMinutes(1);
            assertThat(held.holdExpiresAt()).isBetween(before.plus(holdFor).minus(slack), after.plus(holdFor).plus(slack));
            DatabaseClock clock = new DatabaseClock(pool, probe.dialect(), table);
            assertThat(clock.storedHoldUntil(seat)).as("the stored expiry, read by the driver").isEqualTo(held.holdExpiresAt());
            assertThat(seats.findSeat(seat).orElseThrow().holdExpiresAt()).isEqualTo(held.holdExpiresAt());

            // judged against the database's clock in the same zone-free terms: a second either side
            clock.moveHoldUntil(seat, Duration.ofSeconds(60));
            assertThat(seats.findSeat(seat).orElseThrow().status()).as("a minute before the expiry").isEqualTo(SeatStatus.HELD);
            clock.moveHoldUntil(seat, Duration.ofSeconds(-1));
            assertThat(seats.findSeat(seat).orElseThrow().isEmpty()).as("a second after the expiry").isTrue();
            TestTables.drop(pool, probe.dialect(), table);
        } finally {
            TimeZone.setDefault(jvmDefault);
        }
    }

    private static String setZone(TestDatabase database, String offset) {
        return switch (database) {
            case POSTGRESQL -> "SET TIME ZONE INTERVAL '" + offset + "' HOUR TO MINUTE";
            case MARIADB, MYSQL -> "SET time_zone = '" + offset + "'";
            case H2 -> "SET TIME ZONE '" + offset + "'";
        };
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
