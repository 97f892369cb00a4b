package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection goes back as it came: autocommit on and its isolation level unchanged, also after
 * claims in explicit SERIALIZABLE transactions, lost claims, reads, and the lifecycle's multi-row
 * transactions, committed or rolled back.
 */
class ConnectionHygieneTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void connectionsComeBackClean(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        try (HikariDataSource setup = database.pool(1, config -> config.setJdbcUrl(url));
             OneConnectionDataSource one = new OneConnectionDataSource(DriverManager.getConnection(url))) {
            JdbcSeatRepository probe = JdbcSeatRepository.builder(setup).build();
            String table = TestTables.fresh(setup, probe.dialect(), getClass());
            JdbcSeatRepository.builder(setup).table(table).build().createSchema();

            Connection connection = one.getConnection();
            int isolationBefore = connection.getTransactionIsolation();
            assertThat(connection.getAutoCommit()).isTrue();

            for (JdbcSeatRepository seats : List.of(
                    JdbcSeatRepository.builder(one).table(table).build(),
                    JdbcSeatRepository.builder(one).table(table).isolation(Isolation.SERIALIZABLE).build())) {
                ShowId show = ShowId.of("hygiene-" + System.nanoTime());
                seats.addSeats(show, List.of("1", "2"));
                seats.tryBook(show.seat("1"), UserId.of("ann"));
                seats.tryBook(show.seat("1"), UserId.of("bob"));
                seats.tryBook(show.seat("9"), UserId.of("bob"));
                seats.listSeats(show);
                // the lifecycle's transactions, committed and rolled back
                UserId carl = UserId.of("carl");
                ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(
                        ClaimRequest.hold(show, carl, Duration.ofMinutes(5), "2"));
                seats.claim(ClaimRequest.book(show, carl, "1", "2"));
                seats.claim(ClaimRequest.book(show, carl, "2", "9"));
                seats.confirm(held.reference(), UserId.of("bob"));
                seats.confirm(held.reference(), carl);
                seats.release(show.seat("1"), carl);
                seats.release(held.reference(), carl);
                seats.sweepExpiredHolds(10);

                assertThat(connection.getAutoCommit()).isTrue();
                assertThat(connection.getTransactionIsolation()).isEqualTo(isolationBefore);
            }
            TestTables.drop(setup, probe.dialect(), table);
        }
    }
}
