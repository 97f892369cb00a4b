package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.testsupport.Proxies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The losing side of a race in one round trip: the statements tryBook sends for each answer, counted
 * at the driver, and the one case where a loser needs a second statement on PostgreSQL, a read that
 * predates the change the write lost to, driven on purpose by holding the seat's row lock in an open
 * transaction until the loser's write waits for it.
 */
class LoserRoundTripTest {

    /** A database and driver, with the statements a call sends for each answer there. */
    enum Target {
        /** H2 has no single statement for both: a loser reads in a second one. */
        H2(TestDatabase.H2, config -> { }, 2, 2, 2),
        /**
         * The write and the loser's verdict in one CTE: Taken at once; the caller's own seat (its
         * reference) and a missing seat need a read.
         */
        POSTGRESQL(TestDatabase.POSTGRESQL, config -> { }, 1, 2, 2),
        /** The verdict says Taken; the caller's own seat (its reference) and a missing seat need a read. */
        MARIADB(TestDatabase.MARIADB, config -> { }, 1, 2, 2),
        /**
         * The same through MySQL Connector/J, which returns a generated key only for a changed row: a
         * loser, whose row the UPDATE does not match, gets no verdict and reads.
         */
        MARIADB_VIA_MYSQL_CONNECTOR(TestDatabase.MARIADB, TestDatabase::throughMySqlConnector, 2, 2, 2);

        final TestDatabase database;
        final Consumer<HikariConfig> adjust;
        final int forTaken;
        final int forAlreadyYours;
        final int forNoSuchSeat;

        Target(TestDatabase database, Consumer<HikariConfig> adjust, int forTaken,
               int forAlreadyYours, int forNoSuchSeat) {
            this.database = database;
            this.adjust = adjust;
            this.forTaken = forTaken;
            this.forAlreadyYours = forAlreadyYours;
            this.forNoSuchSeat = forNoSuchSeat;
        }

        HikariDataSource pool() {
            return database.pool(4, adjust);
        }
    }

    private static final ShowId SHOW = ShowId.of("round-trips");
    private static final SeatId SEAT = SHOW.seat("A1");
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");

    @ParameterizedTest
    @EnumSource(Target.class)
    void eachAnswerTakesTheStatementsItsDialectNeeds(Target target) {
        try (HikariDataSource pool = target.pool()) {
            List<String> sent = new CopyOnWriteArrayList<>();
            Fixture fixture = Fixture.create(pool, sent, getClass());

            BookingResult won = fixture.seats.tryBook(SEAT, ANN);
            assertThat(won).isInstanceOf(BookingResult.Booked.class);
            assertThat(sent).as("a winner sends one statement").hasSize(1);

            assertThat(fixture.countedCall(() -> fixture.seats.tryBook(SEAT, BOB)))
                    .isEqualTo(new Counted(new BookingResult.Taken(SEAT), target.forTaken));
            assertThat(fixture.countedCall(() -> fixture.seats.tryBook(SEAT, ANN))).isEqualTo(new Counted(
                    new BookingResult.AlreadyYours(SEAT, ANN, ((BookingResult.Booked) won).reference()),
                    target.forAlreadyYours));
            SeatId missing = SHOW.seat("Z9");
            assertThat(fixture.countedCall(() -> fixture.seats.tryBook(missing, BOB)))
                    .isEqualTo(new Counted(new BookingResult.NoSuchSeat(missing), target.forNoSuchSeat));

            SeatState stored = fixture.seats.findSeat(SEAT).orElseThrow();
            assertThat(stored.owner()).isEqualTo(ANN);
            assertThat(stored.version()).as("the losers changed nothing").isEqualTo(1);
            fixture.drop();
        }
    }

    /**
     * The winner's UPDATE holds the row when the loser's write starts, and commits while the loser
     * waits for it: the loser's write then finds the seat booked, but on PostgreSQL its statement's
     * snapshot, taken before that commit, still shows the seat empty. That loser must try again
     * (a second statement, this rare case only) and hear {@code Taken}; on MariaDB the write reads
     * the row it waited for, so the verdict is {@code Taken} at once (through MySQL Connector/J, which
     * returns no verdict for a row not changed, after a read).
     */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "MARIADB_VIA_MYSQL_CONNECTOR"})
    void aLoserWhoseWriteWaitedForTheWinnersCommitHearsTaken(Target target) throws Exception {
        try (HikariDataSource pool = target.pool()) {
            List<String> sent = new CopyOnWriteArrayList<>();
            Fixture fixture = Fixture.create(pool, sent, getClass());

            Counted answer = fixture.whileAnotherTransactionBooks(ANN, true, () -> fixture.seats.tryBook(SEAT, BOB));

            assertThat(answer.result()).isEqualTo(new BookingResult.Taken(SEAT));
            assertThat(answer.statements()).as("statements sent by the loser")
                    .isEqualTo(target == Target.MARIADB ? 1 : 2);
            assertThat(fixture.seats.findSeat(SEAT).orElseThrow().owner()).isEqualTo(ANN);
            fixture.drop();
        }
    }

    /** The same wait, but the other transaction rolls back: the waiting write books the seat. */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "MARIADB_VIA_MYSQL_CONNECTOR"})
    void aWriteThatWaitedForARollbackWins(Target target) throws Exception {
        try (HikariDataSource pool = target.pool()) {
            List<String> sent = new CopyOnWriteArrayList<>();
            Fixture fixture = Fixture.create(pool, sent, getClass());

            Counted answer = fixture.whileAnotherTransactionBooks(ANN, false, () -> fixture.seats.tryBook(SEAT, BOB));

            assertThat(answer.result()).isInstanceOf(BookingResult.Booked.class);
            assertThat(answer.statements()).isEqualTo(1);
            SeatState stored = fixture.seats.findSeat(SEAT).orElseThrow();
            assertThat(stored.owner()).isEqualTo(BOB);
            assertThat(stored.reference()).isEqualTo(((BookingResult.Booked) answer.result()).reference());
            fixture.drop();
        }
    }

    /** An answer and the statements sent to get it. */
    record Counted(BookingResult result, int statements) {
    }

    /** A call to count. */
    @FunctionalInterface
    interface Call {
        BookingResult run();
    }

    /** A fresh table with seat A1, a repository whose statements are recorded, and the pool behind it. */
    private record Fixture(HikariDataSource pool, Dialect dialect, String table, JdbcSeatRepository seats,
                           List<String> sent) {

        static Fixture create(HikariDataSource pool, List<String> sent, Class<?> testClass) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, testClass);
            JdbcSeatRepository setup = JdbcSeatRepository.builder(pool).table(table).dialect(dialect).build();
            setup.createSchema();
            setup.addSeats(SHOW, List.of(SEAT.number()));
            JdbcSeatRepository seats = JdbcSeatRepository.builder(recording(pool, sent)).table(table)
                    .dialect(dialect).build();
            return new Fixture(pool, dialect, table, seats, sent);
        }

        Counted countedCall(Call call) {
            sent.clear();
            BookingResult result = call.run();
            return new Counted(result, sent.size());
        }

        /**
         * Books the seat for {@code owner} in a transaction left open on its own connection, starts
         * {@code call}, waits until the database says the call's write waits for that transaction's
         * row lock, then commits ({@code commit}) or rolls back, and returns the call's answer.
         */
        Counted whileAnotherTransactionBooks(UserId owner, boolean commit, Call call) throws Exception {
            try (Connection other = pool.getConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement book = other.prepareStatement(JdbcSeatRepository.tryBookSql(dialect, table))) {
                    book.setString(1, owner.value());
                    book.setString(2, "other-transaction");
                    book.setString(3, SHOW.value());
                    book.setString(4, SEAT.number());
                    assertThat(book.executeUpdate()).isEqualTo(1);
                }
                sent.clear();
                CompletableFuture<BookingResult> answer = CompletableFuture.supplyAsync(call::run);
                awaitLockWait();
                assertThat(answer).as("the call waits for the open transaction").isNotDone();
                if (commit) {
                    other.commit();
                } else {
                    other.rollback();
                }
                other.setAutoCommit(true);
                BookingResult result = answer.get(60, TimeUnit.SECONDS);
                return new Counted(result, sent.size());
            }
        }

        /**
         * Polls the server until another session's statement on this table waits for a lock (on MariaDB,
         * is in the state "Updating", which a single-row UPDATE outlasts only while it waits).
         */
        private void awaitLockWait() throws SQLException, InterruptedException {
            String waiting = dialect == Dialect.POSTGRESQL
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                            + " AND query LIKE ?"
                    : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE = 'Updating' AND ID <> CONNECTION_ID()"
                            + " AND INFO LIKE ?";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (Connection watcher = pool.getConnection();
                 PreparedStatement query = watcher.prepareStatement(waiting)) {
                query.setString(1, "%" + table + "%");
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = query.executeQuery()) {
                        if (rs.next() && rs.getInt(1) > 0) {
                            return;
                        }
                    }
                    Thread.sleep(10);
                }
            }
            throw new AssertionError("the call's write never waited for the open transaction's lock");
        }

        void drop() {
            TestTables.drop(pool, dialect, table);
        }
    }

    /** A data source whose connections record the text of every statement prepared or executed. */
    private static DataSource recording(HikariDataSource pool, List<String> sent) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = Proxies.forward(pool, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (a != null && a.length > 0 && a[0] instanceof String sql
                                        && (m.getName().startsWith("prepare") || m.getName().startsWith("execute"))) {
                                    sent.add(sql);
                                }
                                return Proxies.forward(connection, m, a);
                            });
                });
    }
}
