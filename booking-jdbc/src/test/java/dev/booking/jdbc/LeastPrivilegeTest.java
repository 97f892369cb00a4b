package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's grants are enough: an application user with only SELECT, INSERT and UPDATE on the
 * seat table and its reference table can do everything the repository offers, and really has no more (a DELETE is refused). The
 * user comes from {@code BOOKING_TEST_POSTGRES_APP_URL} / {@code BOOKING_TEST_MARIADB_APP_URL}, which
 * {@code .ci/run} creates; the table's owner grants it the three privileges here.
 */
class LeastPrivilegeTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void selectInsertAndUpdateOnTheTableAreAllTheApplicationNeeds(TestDatabase database) throws SQLException, InterruptedException {
        String variable = database == TestDatabase.POSTGRESQL ? "BOOKING_TEST_POSTGRES_APP_URL" : "BOOKING_TEST_MARIADB_APP_URL";
        String appUrl = System.getenv(variable);
        if (appUrl == null || appUrl.isBlank()) {
            throw TestServers.unavailable(database.name(), "set " + variable
                    + " to a JDBC URL of a user with no privileges of its own (.ci/run creates booking_app)", true);
        }
        try (HikariDataSource owner = database.pool(2)) {
            Dialect dialect = JdbcSeatRepository.builder(owner).build().dialect();
            String table = TestTables.fresh(owner, dialect, getClass());
            JdbcSeatRepository.builder(owner).table(table).build().createSchema();
            grantSelectInsertUpdate(owner, dialect, table, appUrl);

            try (HikariDataSource app = database.pool(2, config -> config.setJdbcUrl(appUrl))) {
                JdbcSeatRepository seats = JdbcSeatRepository.builder(app).table(table).build();
                ShowId show = ShowId.of("least-privilege");
                SeatId seat = show.seat("A1");
                seats.addSeats(show, List.of("A1", "A2"));
                seats.addSeats(show, List.of("A1", "A3"));
                assertThat(seats.tryBook(seat, UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
                assertThat(seats.tryBook(seat, UserId.of("ann"))).isInstanceOf(BookingResult.AlreadyYours.class);
                assertThat(seats.tryBook(seat, UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);
                assertThat(seats.tryBook(show.seat("Z9"), UserId.of("bob"))).isInstanceOf(BookingResult.NoSuchSeat.class);
                assertThat(seats.findSeat(seat).orElseThrow().owner()).isEqualTo(UserId.of("ann"));
                assertThat(seats.listSeats(show)).hasSize(3);
                // the lifecycle needs no more: locks (SELECT ... FOR UPDATE) come with UPDATE
                UserId carl = UserId.of("carl");
                ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(
                        ClaimRequest.hold(show, carl, Duration.ofMinutes(5), "A2", "A3"));
                assertThat(seats.claim(ClaimRequest.hold(show, carl, Duration.ofMinutes(5), "A2", "A3")
                        .withReference(held.reference()))).isEqualTo(held);
                assertThat(seats.confirm(held.reference(), carl)).isInstanceOf(ConfirmResult.Confirmed.class);
                assertThat(seats.release(show.seat("A2"), carl)).isInstanceOf(ReleaseResult.Released.class);
                assertThat(seats.release(held.reference(), carl)).isInstanceOf(ReleaseResult.Released.class);
                assertThat(seats.claim(ClaimRequest.book(show, carl, "A2").withReference(held.reference())))
                        .as("the reference table is read and written too").isInstanceOf(ClaimResult.ReferenceInUse.class);
                seats.hold(show.seat("A3"), carl, Duration.ofMillis(1));
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!seats.findSeat(show.seat("A3")).orElseThrow().isEmpty()) {
                    assertThat(System.nanoTime()).as("the hold on A3 still live").isLessThan(deadline);
                    Thread.sleep(5); // until the database's clock has passed the hold
                }
                assertThat(seats.sweepExpiredHolds(10_000)).isPositive();

                try (Connection connection = app.getConnection(); Statement statement = connection.createStatement()) {
                    String quoted = dialect == Dialect.POSTGRESQL ? "\"" + table + "\"" : "`" + table + "`";
                    assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM " + quoted))
                            .as("the application user must hold no more than the three privileges")
                            .isInstanceOf(SQLException.class);
                    String references = dialect == Dialect.POSTGRESQL
                            ? "\"" + table + "_reference\"" : "`" + table + "_reference`";
                    assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM " + references))
                            .as("nor on the reference table, whose bindings are kept for good")
                            .isInstanceOf(SQLException.class);
                }
            }
            TestTables.drop(owner, dialect, table);
        }
    }

    private static void grantSelectInsertUpdate(HikariDataSource owner, Dialect dialect, String table, String appUrl)
            throws SQLException {
        String user = appUrl.replaceFirst(".*[?&]user=([^&]+).*", "$1");
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            for (String granted : List.of(table, table + "_reference")) {
                if (dialect == Dialect.POSTGRESQL) {
                    statement.execute("GRANT SELECT, INSERT, UPDATE ON \"" + granted + "\" TO " + user);
                } else {
                    for (String host : List.of("localhost", "127.0.0.1", "%")) {
                        statement.execute("GRANT SELECT, INSERT, UPDATE ON `" + granted + "` TO '" + user + "'@'" + host + "'");
                    }
                }
            }
        }
    }
}
