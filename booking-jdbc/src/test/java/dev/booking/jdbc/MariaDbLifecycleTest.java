package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL adapter's own lifecycle tests on MariaDB, and one only MariaDB (and MySQL) allow: a
 * session clock set years away from the JVM's with {@code SET timestamp}. Holds must be set and
 * judged by that clock, whatever the JVM's says.
 */
class MariaDbLifecycleTest extends JdbcLifecycleSuite {

    private static final long YEAR_2035 = Instant.parse("2035-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_2001 = Instant.parse("2001-01-01T00:00:00Z").getEpochSecond();

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Test
    void aSessionClockYearsAwayFromTheJvmsSetsAndJudgesTheHolds() {
        ShowId show = freshShow("session-clock");
        SeatId future = show.seat("F1");
        SeatId past = show.seat("P1");
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        JdbcSeatRepository now = repository(BookingListener.NONE);
        now.addSeats(show, List.of("F1", "P1"));
        try (HikariDataSource in2035 = pool(1, config -> config.setConnectionInitSql("SET timestamp = " + YEAR_2035));
             HikariDataSource in2001 = pool(1, config -> config.setConnectionInitSql("SET timestamp = " + YEAR_2001))) {
            JdbcSeatRepository seats2035 = JdbcSeatRepository.builder(in2035).table(table()).dialect(dialect()).build();
            JdbcSeatRepository seats2001 = JdbcSeatRepository.builder(in2001).table(table()).dialect(dialect()).build();

            ClaimResult.Claimed held2035 = (ClaimResult.Claimed) seats2035.claim(
                    ClaimRequest.hold(show, ann, Duration.ofMinutes(10), "F1"));
            assertThat(held2035.holdExpiresAt()).isEqualTo(Instant.parse("2035-01-01T00:10:00Z"));
            // by today's database clock that hold has years to go
            assertThat(now.findSeat(future).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
            assertThat(now.tryBook(future, bob)).isEqualTo(new BookingResult.Taken(future));

            ClaimResult.Claimed held2001 = (ClaimResult.Claimed) seats2001.claim(
                    ClaimRequest.hold(show, ann, Duration.ofMinutes(10), "P1"));
            assertThat(held2001.holdExpiresAt()).isEqualTo(Instant.parse("2001-01-01T00:10:00Z"));
            // in 2001 the hold is live; by today's database clock it expired long ago
            assertThat(seats2001.findSeat(past).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
            assertThat(now.findSeat(past).orElseThrow().isEmpty()).isTrue();
            assertThat(now.tryBook(past, bob)).isInstanceOf(BookingResult.Booked.class);
        }
    }
}
