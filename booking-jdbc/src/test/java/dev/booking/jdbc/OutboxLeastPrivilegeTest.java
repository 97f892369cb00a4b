package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox DDL's grants are enough: an application user with SELECT, INSERT and UPDATE on the
 * seat table and its reference table, and SELECT, INSERT, UPDATE and DELETE (the purge) on the
 * outbox table, can run every operation of a repository with an outbox and every primitive of the
 * outbox. The user comes from {@code BOOKING_TEST_POSTGRES_APP_URL} / {@code BOOKING_TEST_MARIADB_APP_URL},
 * as for {@link LeastPrivilegeTest}.
 */
class OutboxLeastPrivilegeTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void theGrantedPrivilegesAreAllARepositoryWithAnOutboxAndItsRelayNeed(TestDatabase database) throws Exception {
        String variable = database == TestDatabase.POSTGRESQL ? "BOOKING_TEST_POSTGRES_APP_URL" : "BOOKING_TEST_MARIADB_APP_URL";
        String appUrl = System.getenv(variable);
        if (appUrl == null || appUrl.isBlank()) {
            throw TestServers.unavailable(database.name(), "set " + variable
                    + " to a JDBC URL of a user with no privileges of its own (.ci/run creates booking_app)", true);
        }
        try (OutboxTables tables = new OutboxTables(database)) {
            grant(tables, appUrl);
            try (HikariDataSource app = database.pool(2, config -> config.setJdbcUrl(appUrl))) {
                JdbcOutbox outbox = JdbcOutbox.builder(app).table(tables.outboxTable()).build();
                JdbcSeatRepository seats = JdbcSeatRepository.builder(app).table(tables.seatTable()).outbox(outbox)
                        .build();
                ShowId show = ShowId.of("least-privilege");
                seats.addSeats(show, List.of("A1", "A2", "A3", "A4"));
                UserId ann = UserId.of("ann");
                assertThat(seats.tryBook(show.seat("A1"), ann)).isInstanceOf(BookingResult.Booked.class);
                assertThat(seats.tryBook(show.seat("A1"), UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);
                ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(
                        ClaimRequest.hold(show, ann, Duration.ofMinutes(5), "A2", "A3"));
                assertThat(seats.confirm(held.reference(), ann)).isInstanceOf(ConfirmResult.Confirmed.class);
                assertThat(seats.release(show.seat("A2"), ann)).isInstanceOf(ReleaseResult.Released.class);
                assertThat(seats.release(held.reference(), ann)).isInstanceOf(ReleaseResult.Released.class);
                assertThat(seats.claimInOrder(List.of(ClaimRequest.book(show, ann, "A4"))).get(0))
                        .isInstanceOf(ClaimResult.Claimed.class);
                seats.hold(show.seat("A2"), ann, Duration.ofMillis(1));
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!seats.findSeat(show.seat("A2")).orElseThrow().isEmpty()) {
                    assertThat(System.nanoTime()).as("the hold on A2 still live").isLessThan(deadline);
                    Thread.sleep(5); // until the database's clock has passed the hold
                }
                assertThat(seats.sweepExpiredHolds(10)).isEqualTo(1);
                long written = 9; // eight changes (booked, held, confirmed, released twice, booked, held, expired) and one refusal
                assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(written - 1);

                Instant now = Instant.now().plusSeconds(60);
                Notice refused = new Notice("refused-1", Notice.Kind.REFUSED, ann, BookingReference.generate(),
                        List.of(SeatId.of("least-privilege", "A1")), null, "TAKEN", Instant.now());
                assertThat(outbox.appendIfAbsent(refused)).isTrue();
                assertThat(outbox.appendIfAbsent(refused)).isFalse();
                List<OutboxRecord> claimed = outbox.claimDue("relay", 100, now, now.plusSeconds(60));
                assertThat(claimed).hasSize((int) written);
                assertThat(outbox.markSent(claimed.get(0).id(), "relay", now)).isTrue();
                assertThat(outbox.markRetry(claimed.get(1).id(), "relay", now, "421 busy")).isTrue();
                assertThat(outbox.markDead(claimed.get(2).id(), "relay", "550 no such user")).isTrue();
                assertThat(outbox.requeue(claimed.get(2).id())).isTrue();
                assertThat(outbox.markDead(claimed.get(3).id(), "relay", "550 no such user")).isTrue();
                assertThat(outbox.purge(OutboxState.SENT, now, 10)).isEqualTo(1);
                assertThat(outbox.purge(OutboxState.DEAD, now, 10)).isEqualTo(1);
                assertThat(outbox.list(OutboxState.PENDING, 100)).hasSize((int) written - 2);
            }
        }
    }

    private static void grant(OutboxTables tables, String appUrl) throws SQLException {
        String user = appUrl.replaceFirst(".*[?&]user=([^&]+).*", "$1");
        boolean postgres = tables.dialect() == Dialect.POSTGRESQL;
        try (Connection connection = tables.pool().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of(tables.seatTable(), tables.seatTable() + "_reference", tables.outboxTable())) {
                String privileges = table.equals(tables.outboxTable()) ? "SELECT, INSERT, UPDATE, DELETE"
                        : "SELECT, INSERT, UPDATE";
                if (postgres) {
                    statement.execute("GRANT " + privileges + " ON \"" + table + "\" TO " + user);
                } else {
                    for (String host : List.of("localhost", "127.0.0.1", "%")) {
                        statement.execute("GRANT " + privileges + " ON `" + table + "` TO '" + user + "'@'" + host + "'");
                    }
                }
            }
        }
    }
}
