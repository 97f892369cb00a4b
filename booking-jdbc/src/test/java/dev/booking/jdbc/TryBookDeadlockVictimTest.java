package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.testsupport.Proxies;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A single-seat tryBook the database picks as a deadlock victim (InnoDB can, when a sweep or a
 * group reaches the same row through a secondary index first) is run again by the library, with
 * the retry policy off: contention is an answer, never an exception. A serialization failure (at
 * SERIALIZABLE, how a race's losers are told) follows the retry policy, off by default.
 */
class TryBookDeadlockVictimTest {

    private static final ShowId SHOW = ShowId.of("deadlock-victim");

    @Test
    void aTryBookChosenAsADeadlockVictimIsRunAgainAndBooks() {
        AtomicInteger injected = new AtomicInteger();
        JdbcSeatRepository seats = repository(failingFirstUpdates(2, "40P01", 0, injected));
        seats.addSeats(SHOW, List.of("A1"));

        BookingResult answer = seats.tryBook(SHOW.seat("A1"), UserId.of("ann"));

        assertThat(injected).hasValue(2);
        assertThat(answer).isInstanceOf(BookingResult.Booked.class);
        assertThat(seats.findSeat(SHOW.seat("A1")).orElseThrow().status()).isEqualTo(SeatStatus.BOOKED);
    }

    @Test
    void aLoserChosenAsADeadlockVictimHearsTaken() {
        AtomicInteger injected = new AtomicInteger();
        JdbcSeatRepository seats = repository(failingFirstUpdates(0, "40001", 1213, injected));
        seats.addSeats(SHOW, List.of("A1"));
        seats.tryBook(SHOW.seat("A1"), UserId.of("ann"));
        injected.set(-1); // the next UPDATE fails once

        assertThat(seats.tryBook(SHOW.seat("A1"), UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);
        assertThat(injected).hasValue(0);
    }

    @Test
    void aSerializationFailureFollowsTheRetryPolicyWhichIsOffByDefault() {
        AtomicInteger injected = new AtomicInteger();
        JdbcSeatRepository seats = repository(failingFirstUpdates(1, "40001", 0, injected));
        seats.addSeats(SHOW, List.of("A1"));

        assertThatThrownBy(() -> seats.tryBook(SHOW.seat("A1"), UserId.of("ann")))
                .isInstanceOf(BookingException.class)
                .satisfies(e -> assertThat(((BookingException) e).failure())
                        .isEqualTo(BookingException.Failure.TRANSIENT_CONFLICT));
        assertThat(seats.findSeat(SHOW.seat("A1")).orElseThrow().status()).isEqualTo(SeatStatus.EMPTY);
    }

    private static JdbcSeatRepository repository(DataSource dataSource) {
        JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource).build();
        seats.createSchema();
        return seats;
    }

    /**
     * An H2 database whose first {@code failures} UPDATE executions (and one more each time
     * {@code injected} is set to -1) throw {@code state} and vendor {@code code} instead of running;
     * {@code injected} counts them.
     */
    private static DataSource failingFirstUpdates(int failures, String state, int code, AtomicInteger injected) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AtomicInteger left = new AtomicInteger(failures);
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = Proxies.forward(h2, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                Object made = Proxies.forward(connection, m, a);
                                if (made instanceof PreparedStatement statement && a[0] instanceof String sql
                                        && sql.startsWith("UPDATE")) {
                                    return failing(statement, left, state, code, injected);
                                }
                                return made;
                            });
                });
    }

    private static PreparedStatement failing(PreparedStatement statement, AtomicInteger left, String state, int code,
                                             AtomicInteger injected) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                    if (m.getName().startsWith("execute") && (left.getAndDecrement() > 0 || injected.get() == -1)) {
                        injected.incrementAndGet();
                        throw new SQLException("injected by the test", state, code);
                    }
                    return Proxies.forward(statement, m, a);
                });
    }
}
