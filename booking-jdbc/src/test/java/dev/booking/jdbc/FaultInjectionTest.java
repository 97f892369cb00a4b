package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races on real PostgreSQL and MariaDB while things go wrong, each followed by the audit of
 * {@link AuditedRace}: linearizable per seat, every acknowledged booking stored, every unknown
 * outcome resolved by a retry, and the repository working again afterwards.
 */
class FaultInjectionTest {

    private static final int CALLERS = 1000;
    private static final int SEATS = 20;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void connectionsKilledInTheMiddleOfARaceRepeatedly(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        try (HikariDataSource pool = database.pool(16, config -> config.setJdbcUrl(url))) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            TrackedDataSource tracked = new TrackedDataSource(pool, dialect);
            SeatRepository seats = repository(tracked, pool, dialect, b -> b);
            AtomicReference<SessionKiller> killer = new AtomicReference<>();
            AuditedRace.run(seats, database + "-killed-connections", CALLERS, SEATS, () -> {
                killer.set(new SessionKiller(url, dialect, tracked, 10, 300));
                return killer.get();
            });
            System.out.printf("[faults] %s: %d sessions killed during the race%n", database, killer.get().kills());
            assertThat(killer.get().kills()).as("sessions killed").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void lockTimeoutsFailClearlyWithoutRetryAndAreRiddenOutWithIt(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        String shortLockWait = database == TestDatabase.POSTGRESQL
                ? "SET lock_timeout = '200ms'" : "SET SESSION innodb_lock_wait_timeout = 1";
        try (HikariDataSource pool = database.pool(16, config -> {
            config.setJdbcUrl(url);
            config.setConnectionInitSql(shortLockWait);
        })) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            for (boolean retry : new boolean[] {false, true}) {
                SeatRepository seats = repository(pool, pool, dialect,
                        b -> retry ? b.retry(new RetryPolicy(100, Duration.ofMillis(10), Duration.ofMillis(200))) : b);
                String table = ((JdbcSeatRepository) seats).table();
                AuditedRace.Report report = AuditedRace.run(seats,
                        database + "-lock-timeouts-retry-" + (retry ? "on" : "off"), CALLERS, SEATS,
                        () -> holdEveryLockFor(url, dialect, table,
                                Duration.ofMillis(dialect == Dialect.POSTGRESQL ? 1500 : 2500)));
                if (!retry) {
                    assertThat(report.withoutEffect()).as("claims aborted by the lock timeout").isPositive();
                } else {
                    assertThat(report.withoutEffect()).as("claims that gave up despite the retry policy").isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void statementTimeoutsLeaveUnknownOutcomesThatARetryResolves(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        String shortStatements = database == TestDatabase.POSTGRESQL
                ? "SET statement_timeout = '150ms'" : "SET SESSION max_statement_time = 0.15";
        try (HikariDataSource pool = database.pool(16, config -> {
            config.setJdbcUrl(url);
            config.setConnectionInitSql(shortStatements);
        })) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            SeatRepository seats = repository(pool, pool, dialect, b -> b);
            String table = ((JdbcSeatRepository) seats).table();
            AuditedRace.Report report = AuditedRace.run(seats, database + "-statement-timeouts", CALLERS, SEATS,
                    () -> holdEveryLockFor(url, dialect, table, Duration.ofMillis(1000)));
            assertThat(report.unknown()).as("claims cut off by the statement timeout").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void aPoolTooSmallForTheLoadMakesCallersWaitOrFailClearly(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        try (HikariDataSource pool = database.pool(2, config -> {
            config.setJdbcUrl(url);
            config.setConnectionTimeout(250);
        })) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            AuditedRace.run(repository(pool, pool, dialect, b -> b), database + "-pool-of-2", CALLERS, SEATS, () -> AuditedRace.Fault.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL"})
    void serializationFailuresWithTheRetryPolicyOffAndOn(TestDatabase database) throws Exception {
        try (HikariDataSource pool = database.pool(16)) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            AuditedRace.run(repository(pool, pool, dialect, b -> b.isolation(Isolation.SERIALIZABLE)),
                    database + "-serializable-retry-off", CALLERS, 5, () -> AuditedRace.Fault.NONE);
            AuditedRace.Report withRetry = AuditedRace.run(repository(pool, pool, dialect,
                            b -> b.isolation(Isolation.SERIALIZABLE).retry(RetryPolicy.attempts(50))),
                    database + "-serializable-retry-on", CALLERS, 5, () -> AuditedRace.Fault.NONE);
            assertThat(withRetry.withoutEffect()).isZero();
        }
    }

    /**
     * Restarts the server in the middle of a race. Only where the test controls the server:
     * {@code BOOKING_TEST_POSTGRESQL_RESTART} / {@code BOOKING_TEST_MARIADB_RESTART} hold the shell
     * command that restarts it ({@code .ci/run} sets them; CI runs as root on the database host).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void theServerRestartedInTheMiddleOfARace(TestDatabase database) throws Exception {
        String url = database.jdbcUrl(); // first: without a server, the server's own skip line says it all
        String variable = "BOOKING_TEST_" + database.name().toUpperCase(Locale.ROOT) + "_RESTART";
        String restart = System.getenv(variable);
        if (restart == null || restart.isBlank()) {
            throw TestServers.unset(variable, "a shell command that restarts " + database + " (.ci/run sets it)");
        }
        try (HikariDataSource pool = database.pool(16, config -> config.setJdbcUrl(url))) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            AuditedRace.run(repository(pool, pool, dialect, b -> b), database + "-server-restart", CALLERS, SEATS, () -> {
                CompletableFuture<Integer> restarted = CompletableFuture.supplyAsync(() -> run(restart));
                return () -> assertThat(restarted.get(3, TimeUnit.MINUTES)).as("exit status of: " + restart).isZero();
            });
        }
    }

    private static SeatRepository repository(javax.sql.DataSource dataSource, HikariDataSource pool, Dialect dialect,
                                             java.util.function.UnaryOperator<JdbcSeatRepository.Builder> configure) {
        String table = TestTables.fresh(pool, dialect, FaultInjectionTest.class);
        JdbcSeatRepository.builder(pool).table(table).dialect(dialect).build().createSchema();
        return configure.apply(JdbcSeatRepository.builder(dataSource).table(table).dialect(dialect)).build();
    }

    /** Another session locks every row of the table for a while without changing anything, then commits. */
    private static AuditedRace.Fault holdEveryLockFor(String url, Dialect dialect, String table, Duration duration) {
        CompletableFuture<Void> locked = new CompletableFuture<>();
        Thread holder = new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(url)) {
                connection.setAutoCommit(false);
                String quoted = dialect == Dialect.POSTGRESQL ? "\"" + table + "\"" : "`" + table + "`";
                try (PreparedStatement lock = connection.prepareStatement("UPDATE " + quoted + " SET version = version")) {
                    lock.executeUpdate();
                }
                locked.complete(null);
                Thread.sleep(duration.toMillis());
                connection.commit();
            } catch (Exception e) {
                locked.completeExceptionally(e);
            }
        }, "lock-holder");
        holder.setDaemon(true);
        holder.start();
        locked.join(); // the race starts only once the rows are locked
        return () -> holder.join(duration.toMillis() + 30_000);
    }

    private static int run(String command) {
        try {
            Thread.sleep(300); // let the race get going first
            Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
            return process.waitFor(3, TimeUnit.MINUTES) ? process.exitValue() : -1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

}
