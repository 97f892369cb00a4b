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
import dev.booking.testsupport.ReplicationLink;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A primary and a streaming standby ({@code .ci/postgres-ha}); the primary is killed (immediate
 * stop) in the middle of a 1000-caller race and the standby promoted, while the application keeps
 * calling through one pool on the multi-host URL ({@code targetServerType=primary}).
 *
 * <p>The standby streams through a {@link ReplicationLink} that is held for a short span before the
 * kill: on loopback the standby is never behind, and the held link stands for a slow network. The
 * hold is placed at a quiet point (calls in flight finish, the standby catches up, the link is held,
 * calls resume), so that the window's start is exact: whatever was acknowledged before it is on the
 * standby. Synchronous replication: nothing is acknowledged while held and nothing acknowledged is
 * lost, audited by {@link AuditedRace}. Asynchronous replication: the bookings acknowledged while
 * held are lost, and their seats are free to be sold again on the promoted server.
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
    /** The link is held once this many calls have returned. */
    private static final int HOLD_AFTER = CALLERS / 5;
    /** The kill comes once this many bookings were acknowledged while held, or after {@link #HOLD_AT_MOST}. */
    private static final int WINDOW_ACKNOWLEDGED = 50;
    private static final long HOLD_AT_MOST = TimeUnit.MILLISECONDS.toNanos(500);

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
    void withASynchronousStandbyNothingIsAcknowledgedWhileItLagsAndNothingAcknowledgedIsLost() throws Exception {
        long began = System.nanoTime();
        control("start", "sync");
        try (HikariDataSource pool = pool()) {
            int primaryPort = serverPort(pool);
            try (ReplicationLink link = ReplicationLink.to(primaryPort); Failover failover = new Failover(repository(pool), link)) {
                control("relay", String.valueOf(link.port()));
                AuditedRace.Report report = AuditedRace.run(failover, "postgres-sync-failover", CALLERS, SEATS,
                        failover::start);
                assertThat(serverPort(pool)).as("port of the server answering after the failover").isNotEqualTo(primaryPort);
                failover.assertClassifiedAsUnknownOutcomes();
                // a commit waits for the standby's flush, which the held link never lets happen
                assertThat(failover.acknowledgedInWindow()).as("bookings acknowledged while the link was held").isZero();
                // lost 0: AuditedRace found every acknowledged booking on the promoted server
                System.out.printf("[ha] postgres sync window: held %d ms, acknowledged %d in the window, lost 0%n",
                        failover.heldMillis(), failover.acknowledgedInWindow());
                System.out.printf("[ha] postgres sync: failover %d ms (kill-primary %d ms, promote %d ms), %d calls failed"
                                + " %s, %d unknown outcomes (%d had committed), 0 acknowledged lost;"
                                + " standby %d bytes of WAL behind at the kill; test %d s%n",
                        failover.failoverMillis(), failover.killMillis(), failover.promoteMillis(), failover.failed(),
                        failover.failures, report.unknown(), report.committed(), failover.lagBytes.get(), seconds(began));
            }
        }
    }

    @Test
    void withAnAsynchronousStandbyWhatWasAcknowledgedWhileItLaggedIsLostAndCanBeSoldAgain() throws Exception {
        long began = System.nanoTime();
        control("start", "async");
        try (HikariDataSource pool = pool()) {
            int primaryPort = serverPort(pool);
            try (ReplicationLink link = ReplicationLink.to(primaryPort); Failover failover = new Failover(repository(pool), link)) {
                control("relay", String.valueOf(link.port()));
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
                FailoverLoss loss = FailoverLoss.audit(history.operations(), stored, failover.holdStarted,
                        failover.killed.get());
                assertThat(loss.lost()).as("acknowledged bookings the promoted server lacks: the window").isNotEmpty();
                // FailoverLoss checked that none was acknowledged outside the window; none inside it survived
                assertThat(loss.lost()).as("bookings lost, against those acknowledged while the link was held")
                        .hasSize(failover.acknowledgedInWindow());

                // the danger: a lost booking's seat is free on the promoted server, and is sold again
                Set<SeatId> lostSeats = loss.lost().stream().map(Operation::seat).collect(Collectors.toSet());
                long soldAgainInRace = lostSeats.stream().filter(stored::containsKey).count();
                for (SeatId seat : lostSeats) {
                    if (!stored.containsKey(seat)) {
                        assertThat(failover.tryBook(seat, UserId.of("second-customer")))
                                .as("%s, lost in the failover, booked by a second customer", seat)
                                .isInstanceOf(BookingResult.Booked.class);
                    }
                }
                System.out.printf("[ha] postgres async window: held %d ms, acknowledged %d in the window, lost %d%n",
                        failover.heldMillis(), failover.acknowledgedInWindow(), loss.lost().size());
                System.out.printf("[ha] postgres async: %d acknowledged bookings lost of %d acknowledged before the kill,"
                                + " all acknowledged after the hold began; %d lost seats sold again to other callers in"
                                + " the race, the other %d to a second customer after it; failover %d ms"
                                + " (kill-primary %d ms, promote %d ms), %d calls failed %s, %d unknown outcomes;"
                                + " standby %d bytes of WAL behind at the kill; test %d s%n",
                        loss.lost().size(), loss.acknowledgedBeforeKill(), soldAgainInRace,
                        lostSeats.size() - soldAgainInRace, failover.failoverMillis(), failover.killMillis(),
                        failover.promoteMillis(), failover.failed(), failover.failures, unknown.size(),
                        failover.lagBytes.get(), seconds(began));
            }
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
     * The repository the racers call, and the failover it stages: once {@link #HOLD_AFTER} calls
     * have returned, the replication link is held at a quiet point; once {@link #WINDOW_ACKNOWLEDGED}
     * bookings were acknowledged since, or {@link #HOLD_AT_MOST} passed, the primary is killed and
     * the standby promoted. Callers arrive in shuffled slots, and those from slot
     * {@link #HELD_BACK_FROM} on wait for the kill, so that calls come both before and after it.
     * Records how each failed call was classified, which bookings were acknowledged while the link
     * was held, and when the first call succeeded after the kill.
     */
    private static final class Failover implements SeatRepository, AutoCloseable {
        private final SeatRepository delegate;
        private final ReplicationLink link;
        /** On the primary: how far it has written its WAL. */
        private final Connection primary;
        /** On the standby: how far it has received the primary's WAL. */
        private final Connection standby;
        /** Calls hold it shared; the hold takes it alone, so that no call straddles the window's start. */
        private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock(true);
        private final AtomicInteger tickets = new AtomicInteger();
        private final AtomicInteger returned = new AtomicInteger();
        private final AtomicInteger acknowledgedInWindow = new AtomicInteger();
        private final CountDownLatch killDone = new CountDownLatch(1);
        private volatile long gateOpened;
        private final List<Integer> arrivals = shuffledSlots();
        /** When the link was held ({@link System#nanoTime()}); everything acknowledged before is on the standby. */
        volatile long holdStarted = Long.MAX_VALUE;
        final AtomicLong killStarted = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong killed = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong promoted = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong firstSuccessAfterKill = new AtomicLong(Long.MAX_VALUE);
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        /** WAL the primary had written but the standby not received, just before the kill. */
        final AtomicLong lagBytes = new AtomicLong(-1);

        Failover(SeatRepository delegate, ReplicationLink link) throws SQLException {
            this.delegate = delegate;
            this.link = link;
            // both opened before the race: opening one during the hold would take the window's time
            this.primary = DriverManager.getConnection(url);
            this.standby = DriverManager.getConnection(url.replace("targetServerType=primary", "targetServerType=secondary"));
        }

        /** Starts the thread that holds, kills and promotes; the fault's close waits for it and reports its failure. */
        AuditedRace.Fault start() {
            gateOpened = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread staging = new Thread(() -> {
                try {
                    while (returned.get() < HOLD_AFTER) {
                        Thread.sleep(1);
                    }
                    holdAtAQuietPoint();
                    while (acknowledgedInWindow.get() < WINDOW_ACKNOWLEDGED && System.nanoTime() - holdStarted < HOLD_AT_MOST) {
                        Thread.sleep(1);
                    }
                    lagBytes.set(lsn(primary, "pg_current_wal_lsn()") - lsn(standby, "pg_last_wal_receive_lsn()"));
                    // the link goes down first, with what it kept: a standby reconnecting through a held link
                    // would leave the dying primary a start-up it waits a minute for (authentication_timeout)
                    link.close();
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

        /**
         * Lets the calls in flight finish and holds new ones back, waits until the standby has
         * received all the primary has written, holds the link, and lets the calls go on.
         */
        private void holdAtAQuietPoint() throws SQLException, InterruptedException {
            calls.writeLock().lock();
            try {
                long written = lsn(primary, "pg_current_wal_lsn()");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (lsn(standby, "pg_last_wal_receive_lsn()") < written) {
                    assertThat(System.nanoTime()).as("the standby caught up with the primary within 30 s").isLessThan(deadline);
                    Thread.sleep(1);
                }
                link.hold();
                holdStarted = System.nanoTime();
            } finally {
                calls.writeLock().unlock();
            }
        }

        private static long lsn(Connection connection, String function) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet lsn = statement.executeQuery("SELECT pg_wal_lsn_diff(" + function + ", '0/0')::bigint")) {
                lsn.next();
                long position = lsn.getLong(1);
                assertThat(lsn.wasNull()).as("%s answered", function).isFalse();
                return position;
            }
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
            calls.readLock().lock();
            long invoked = System.nanoTime();
            try {
                BookingResult result = delegate.tryBook(seat, user);
                long now = System.nanoTime();
                if (invoked > killed.get()) { // only the promoted server can have answered it
                    firstSuccessAfterKill.accumulateAndGet(now, Math::min);
                }
                boolean acknowledged = result instanceof BookingResult.Booked || result instanceof BookingResult.AlreadyYours;
                if (acknowledged && now > holdStarted && now < killed.get()) {
                    acknowledgedInWindow.incrementAndGet();
                }
                return result;
            } catch (BookingException e) {
                failures.computeIfAbsent(e.failure() + " " + sqlState(e), k -> new LongAdder()).increment();
                throw e;
            } finally {
                calls.readLock().unlock();
                returned.incrementAndGet();
            }
        }

        private static List<Integer> shuffledSlots() {
            List<Integer> slots = new ArrayList<>(IntStream.range(0, CALLERS).boxed().toList());
            Collections.shuffle(slots);
            return slots;
        }

        void assertClassifiedAsUnknownOutcomes() {
            assertThat(failures.keySet()).as("failures seen during the failover, with their SQLState")
                    .noneMatch(kind -> kind.startsWith(BookingException.Failure.UNEXPECTED.name()));
        }

        int acknowledgedInWindow() {
            return acknowledgedInWindow.get();
        }

        long heldMillis() {
            return TimeUnit.NANOSECONDS.toMillis(killed.get() - holdStarted);
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

        /** Closes the monitoring connections (the primary's is already gone with it). */
        @Override
        public void close() {
            for (Connection connection : List.of(primary, standby)) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // its server is gone or promoted: nothing to close
                }
            }
        }
    }
}
