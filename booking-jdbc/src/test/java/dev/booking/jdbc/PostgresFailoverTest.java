package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import dev.booking.tck.history.History;
import dev.booking.tck.history.Operation;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A primary and a streaming standby ({@code .ci/postgres-ha}); the primary is killed (immediate
 * stop) in the middle of a 1000-caller race and the standby promoted, while the application keeps
 * calling through one pool on the multi-host URL ({@code targetServerType=primary}).
 *
 * <p>Synchronous replication: nothing acknowledged is lost, audited by {@link AuditedRace}.
 * Asynchronous replication: what is lost is measured, and only what must hold is asserted: a lost
 * booking was acknowledged before the primary died.
 */
@DisplayName("PostgreSQL primary/standby")
class PostgresFailoverTest {

    private static final int CALLERS = 1000;
    /** Two callers a seat: bookings are still being written when the kill lands. */
    private static final int SEATS = CALLERS / 2;
    private static final int POOL = 16;
    /**
     * Callers arrive in shuffled slots one every 3 ms from the gate on, as a steady stream of
     * customers would (all at once, a thousand calls are over before a kill lands); callers in slots
     * from {@link #HELD_BACK_FROM} on wait for the kill, so that calls come after it however slow
     * the machine is.
     */
    private static final long ARRIVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    private static final int HELD_BACK_FROM = CALLERS * 7 / 10;
    /** The kill comes once this many calls have returned. */
    private static final int KILL_AFTER = CALLERS / 5;

    private static String url;
    private static String control;

    @BeforeAll
    static void servers() {
        url = System.getenv("BOOKING_TEST_POSTGRES_HA_URL");
        control = System.getenv("BOOKING_TEST_POSTGRES_HA_CONTROL");
        if (url == null || url.isBlank() || control == null || control.isBlank()) {
            throw TestServers.unavailable("POSTGRES_HA", "start a primary and standby with .ci/postgres-ha start sync"
                    + " and set BOOKING_TEST_POSTGRES_HA_URL and BOOKING_TEST_POSTGRES_HA_CONTROL", true);
        }
    }

    @Test
    void withASynchronousStandbyNothingAcknowledgedIsLost() throws Exception {
        long began = System.nanoTime();
        control("start", "sync");
        try (HikariDataSource pool = pool()) {
            int primaryPort = serverPort(pool);
            Failover failover = new Failover(repository(pool));
            AuditedRace.Report report = AuditedRace.run(failover, "postgres-sync-failover", CALLERS, SEATS,
                    failover::start);
            assertThat(serverPort(pool)).as("port of the server answering after the failover").isNotEqualTo(primaryPort);
            failover.assertClassifiedAsUnknownOutcomes();
            System.out.printf("[ha] postgres sync: failover %d ms (kill-primary %d ms, promote %d ms), %d calls failed"
                            + " %s, %d unknown outcomes (%d had committed), 0 acknowledged lost;"
                            + " standby %d bytes of WAL behind just before the kill; test %d s%n",
                    failover.failoverMillis(), failover.killMillis(), failover.promoteMillis(), failover.failed(),
                    failover.failures, report.unknown(), report.committed(), failover.lagBytes.get(), seconds(began));
        }
    }

    @Test
    void withAnAsynchronousStandbyOnlyBookingsAcknowledgedBeforeTheKillCanBeLost() throws Exception {
        long began = System.nanoTime();
        control("start", "async");
        try (HikariDataSource pool = pool(); StandbyLoad load = new StandbyLoad(2)) {
            int primaryPort = serverPort(pool);
            Failover failover = new Failover(repository(pool));
            ShowId show = ShowId.of("ha-async-" + System.nanoTime());
            List<SeatId> seatIds = IntStream.range(0, SEATS).mapToObj(i -> show.seat("S" + i)).toList();
            failover.addSeats(show, seatIds.stream().map(SeatId::number).toList());
            History history = new History();
            AtomicReference<AuditedRace.Fault> fault = new AtomicReference<>(AuditedRace.Fault.NONE);
            try {
                Race.run(CALLERS, caller -> () -> history.book(failover, seatIds.get(caller % SEATS),
                        UserId.of("u" + caller)), Duration.ofMinutes(3), () -> fault.set(failover.start()));
            } finally {
                fault.get().close();
            }
            load.close();
            assertThat(serverPort(pool)).as("port of the server answering after the failover").isNotEqualTo(primaryPort);
            failover.assertClassifiedAsUnknownOutcomes();

            List<Operation> unknown = history.operations().stream().filter(Operation::isUnknown).toList();
            for (Operation op : unknown) {
                AuditedRace.retryUntilAvailable(() -> history.book(failover, op.seat(), op.user()));
            }
            Map<SeatId, UserId> stored = new HashMap<>();
            for (SeatState state : AuditedRace.retryUntilAvailable(() -> failover.listSeats(show))) {
                if (!state.isEmpty()) {
                    stored.put(state.seat(), state.owner());
                }
            }
            FailoverLoss loss = FailoverLoss.audit(history.operations(), stored, failover.killStarted.get(),
                    failover.killed.get());
            System.out.printf("[ha] postgres async: %d acknowledged bookings lost of %d acknowledged before the kill"
                            + " (the latest %s ms before kill-primary began), %d seats then acknowledged to two users;"
                            + " failover %d ms (kill-primary %d ms, promote %d ms), %d calls failed %s,"
                            + " %d unknown outcomes; standby %d bytes of WAL behind just before the kill,"
                            + " %d reporting queries done on it; test %d s%n",
                    loss.lost().size(), loss.acknowledgedBeforeKill(),
                    loss.lost().isEmpty() ? "-" : String.valueOf(loss.latestLostMillis()),
                    loss.seatsToldToTwoUsers(), failover.failoverMillis(), failover.killMillis(),
                    failover.promoteMillis(), failover.failed(), failover.failures, unknown.size(),
                    failover.lagBytes.get(), load.queries.get(), seconds(began));
        }
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL);
        config.setPoolName("test-postgres-ha");
        // callers wait for a connection through the failover rather than fail
        config.setConnectionTimeout(60_000);
        return new HikariDataSource(config);
    }

    private static SeatRepository repository(HikariDataSource pool) {
        String table = TestTables.fresh(pool, Dialect.POSTGRESQL, PostgresFailoverTest.class);
        JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).dialect(Dialect.POSTGRESQL).build();
        seats.createSchema();
        return seats;
    }

    private static int serverPort(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet port = statement.executeQuery("SELECT inet_server_port()")) {
            port.next();
            return port.getInt(1);
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    /** Runs the control script, its output on this test's output; fails the test when it fails. */
    private static void control(String... arguments) {
        List<String> command = new ArrayList<>(List.of(control));
        command.addAll(List.of(arguments));
        try {
            // output to a file, not a pipe: a server the script starts must not keep the test reading
            Path output = Files.createTempFile("postgres-ha", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                boolean finished = process.waitFor(3, TimeUnit.MINUTES);
                if (!finished) {
                    process.destroyForcibly();
                }
                System.out.print(Files.readString(output));
                assertThat(finished).as("%s finished within 3 minutes", command).isTrue();
                assertThat(process.exitValue()).as("exit status of %s", command).isZero();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /**
     * The repository the racers call, and the failover it stages: once {@link #KILL_AFTER} calls
     * have returned, the primary is killed and the standby promoted; callers arrive in shuffled slots,
     * and those from slot {@link #HELD_BACK_FROM} on wait for the kill, so that calls come both
     * before and after it.
     * Records how each failed call was classified and when the first call succeeded after the kill.
     */
    private static final class Failover implements SeatRepository {
        private final SeatRepository delegate;
        private final AtomicInteger tickets = new AtomicInteger();
        private final AtomicInteger returned = new AtomicInteger();
        private final CountDownLatch killDone = new CountDownLatch(1);
        private volatile long gateOpened;
        private final List<Integer> arrivals = shuffledSlots();
        final AtomicLong killStarted = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong killed = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong promoted = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong firstSuccessAfterKill = new AtomicLong(Long.MAX_VALUE);
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        /** WAL the primary had written but the standby not yet flushed, just before the kill. */
        final AtomicLong lagBytes = new AtomicLong(-1);

        Failover(SeatRepository delegate) {
            this.delegate = delegate;
        }

        /** Starts the thread that kills and promotes; the fault's close waits for it and reports its failure. */
        AuditedRace.Fault start() {
            gateOpened = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread staging = new Thread(() -> {
                try {
                    while (returned.get() < KILL_AFTER) {
                        Thread.sleep(1);
                    }
                    lagBytes.set(standbyLagBytes());
                    killStarted.set(System.nanoTime());
                    control("kill-primary");
                    killed.set(System.nanoTime());
                    killDone.countDown();
                    control("promote");
                    promoted.set(System.nanoTime());
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    killDone.countDown();
                }
            }, "failover");
            staging.setDaemon(true);
            staging.start();
            return () -> {
                staging.join(TimeUnit.MINUTES.toMillis(3));
                if (failure.get() != null) {
                    throw new AssertionError("the failover failed", failure.get());
                }
                assertThat(promoted.get()).as("promoted").isNotEqualTo(Long.MAX_VALUE);
            };
        }

        @Override
        public BookingResult tryBook(SeatId seat, UserId user) {
            int ticket = tickets.getAndIncrement();
            // threads pass the gate roughly in caller order, and callers pick seats in that order: a
            // shuffled arrival slot keeps new bookings coming after the kill, not only before it
            int slot = ticket < CALLERS ? arrivals.get(ticket) : CALLERS;
            try {
                if (slot >= HELD_BACK_FROM) {
                    killDone.await(3, TimeUnit.MINUTES);
                } else {
                    TimeUnit.NANOSECONDS.sleep(gateOpened + slot * ARRIVAL_NANOS - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long invoked = System.nanoTime();
            try {
                BookingResult result = delegate.tryBook(seat, user);
                long now = System.nanoTime();
                if (invoked > killed.get()) { // only the promoted server can have answered it
                    firstSuccessAfterKill.accumulateAndGet(now, Math::min);
                }
                return result;
            } catch (BookingException e) {
                failures.computeIfAbsent(e.failure() + " " + sqlState(e), k -> new LongAdder()).increment();
                throw e;
            } finally {
                returned.incrementAndGet();
            }
        }

        private static List<Integer> shuffledSlots() {
            List<Integer> slots = new ArrayList<>(IntStream.range(0, CALLERS).boxed().toList());
            Collections.shuffle(slots);
            return slots;
        }

        private static long standbyLagBytes() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                 ResultSet lag = statement.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)"
                         + " FROM pg_stat_replication")) {
                return lag.next() ? lag.getLong(1) : -1;
            }
        }

        void assertClassifiedAsUnknownOutcomes() {
            assertThat(failures.keySet()).as("failures seen during the failover, with their SQLState")
                    .noneMatch(kind -> kind.startsWith(BookingException.Failure.UNEXPECTED.name()));
        }

        long failed() {
            return failures.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long failoverMillis() {
            return TimeUnit.NANOSECONDS.toMillis(firstSuccessAfterKill.get() - killStarted.get());
        }

        long killMillis() {
            return TimeUnit.NANOSECONDS.toMillis(killed.get() - killStarted.get());
        }

        long promoteMillis() {
            return TimeUnit.NANOSECONDS.toMillis(promoted.get() - killed.get());
        }

        private static String sqlState(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql) {
                    return sql.getSQLState();
                }
            }
            return "-";
        }

        @Override
        public void addSeats(ShowId show, Collection<String> numbers) {
            AuditedRace.retryUntilAvailable(() -> {
                delegate.addSeats(show, numbers);
                return null;
            });
        }

        @Override
        public Optional<SeatState> findSeat(SeatId seat) {
            return delegate.findSeat(seat);
        }

        @Override
        public List<SeatState> listSeats(ShowId show) {
            return delegate.listSeats(show);
        }

        @Override
        public ClaimResult claim(ClaimRequest request) {
            return delegate.claim(request);
        }

        @Override
        public ConfirmResult confirm(BookingReference reference, UserId user) {
            return delegate.confirm(reference, user);
        }

        @Override
        public ReleaseResult release(BookingReference reference, UserId user) {
            return delegate.release(reference, user);
        }

        @Override
        public ReleaseResult release(SeatId seat, UserId user) {
            return delegate.release(seat, user);
        }

        @Override
        public int sweepExpiredHolds(int limit) {
            return delegate.sweepExpiredHolds(limit);
        }
    }

    /**
     * Reporting queries on the standby (CPU-bound scans, as a read replica serving reports runs),
     * which compete with its WAL receiver: the asynchronous standby falls behind as a busy one does.
     */
    private static final class StandbyLoad implements AutoCloseable {
        final AtomicInteger queries = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final List<Statement> running = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        StandbyLoad(int sessions) {
            String standby = url.replace("targetServerType=primary", "targetServerType=secondary");
            for (int i = 0; i < sessions; i++) {
                Thread thread = new Thread(() -> {
                    try (Connection connection = DriverManager.getConnection(standby);
                         Statement statement = connection.createStatement()) {
                        running.add(statement);
                        while (!stopped) {
                            statement.execute("SELECT count(*) FROM generate_series(1, 3000000)");
                            queries.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        // cancelled, or the standby was promoted and the session ended: the load is over
                    }
                }, "standby-load-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            for (Statement statement : running) {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // already over
                }
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
