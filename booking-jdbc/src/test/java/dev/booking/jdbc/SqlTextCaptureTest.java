package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.testsupport.Proxies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No SQL is built from user data: every statement text the library sends to the driver is
 * captured while it handles values full of SQL metacharacters, and none of those values may appear
 * in any statement text; they travel only as bind parameters.
 */
class SqlTextCaptureTest {

    private static final String SENTINEL = "S3ntinel'\"`;--";

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void userValuesNeverAppearInStatementText(TestDatabase database) {
        try (HikariDataSource pool = database.pool(2)) {
            List<String> statements = new CopyOnWriteArrayList<>();
            DataSource capturing = capturing(pool, statements);
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, getClass());
            JdbcSeatRepository seats = JdbcSeatRepository.builder(capturing).table(table).build();
            seats.createSchema();

            ShowId show = ShowId.of("show-" + SENTINEL);
            SeatId seat = show.seat("seat-" + SENTINEL);
            seats.addSeats(show, List.of(seat.number(), "other-" + SENTINEL));
            seats.tryBook(seat, UserId.of("user-" + SENTINEL));
            seats.tryBook(seat, UserId.of("rival-" + SENTINEL));
            seats.tryBook(show.seat("missing-" + SENTINEL), UserId.of("user-" + SENTINEL));
            seats.findSeat(seat);
            seats.listSeats(show);
            // the lifecycle: group claims, a replay, a reference in use, confirm, release, sweep
            UserId user = UserId.of("user-" + SENTINEL);
            BookingReference reference = BookingReference.of("ref-" + SENTINEL);
            ClaimRequest group = ClaimRequest.hold(show, user, Duration.ofMinutes(5), "other-" + SENTINEL,
                    "third-" + SENTINEL).withReference(reference);
            seats.addSeats(show, List.of("third-" + SENTINEL));
            seats.claim(group);
            seats.claim(group);
            seats.claim(ClaimRequest.book(show, UserId.of("rival-" + SENTINEL), seat.number()).withReference(reference));
            seats.confirm(reference, UserId.of("rival-" + SENTINEL));
            seats.confirm(reference, user);
            seats.release(show.seat("third-" + SENTINEL), user);
            seats.release(reference, user);
            seats.hold(show.seat("third-" + SENTINEL), user, Duration.ofMillis(1));
            seats.sweepExpiredHolds(100);

            assertThat(statements).isNotEmpty().noneMatch(sql -> sql.contains("S3ntinel"));
            // DDL, the validation query and build()'s read of server settings carry no data
            assertThat(statements).filteredOn(sql -> !sql.startsWith("CREATE") && !sql.startsWith("SELECT 1")
                            && !sql.startsWith("SELECT @@"))
                    .allMatch(sql -> sql.contains("?"), "every data statement is parameterised");
            TestTables.drop(pool, dialect, table);
        }
    }

    /** A data source whose connections and statements report every SQL text they are given. */
    private static DataSource capturing(HikariDataSource pool, List<String> statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = Proxies.forward(pool, method, args);
                    return result instanceof Connection connection ? recording(connection, Connection.class, statements) : result;
                });
    }

    private static Object recording(Object target, Class<?> type, List<String> statements) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (method.getName().startsWith("prepare") || method.getName().startsWith("execute")
                    || method.getName().equals("addBatch") || method.getName().equals("nativeSQL"))) {
                statements.add(sql);
            }
            Object result = Proxies.forward(target, method, args);
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return recording(statement, Statement.class, statements);
            }
            return result;
        });
    }
}
