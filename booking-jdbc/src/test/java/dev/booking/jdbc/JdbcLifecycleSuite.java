package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SQL adapter adds to the lifecycle contract, on one database: the database's clock
 * alone sets and judges holds; overlapping group claims neither deadlock nor leave partial groups;
 * concurrent sweeps clear each expired hold once, and racing takers and sweeps tell each lapsed
 * hold expired once; the listener hears only committed changes and cannot undo them. One pool and one fresh table per class; every test works on shows of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcLifecycleSuite {

    static final int POOL_SIZE = 8;
    private static final Duration LONG_HOLD = Duration.ofMinutes(10);
    private static final Duration RACE_TIMEOUT = Duration.ofMinutes(5);

    private String url;
    private HikariDataSource pool;
    private ConflictRecordingDataSource recording;
    private Dialect dialect;
    private String table;
    private DatabaseClock clock;

    /** The database this suite runs on. */
    abstract TestDatabase database();

    /** Connection settings of every pool of this suite; none by default. */
    void adjust(HikariConfig config) {
    }

    @BeforeAll
    void createTable() {
        url = database().jdbcUrl();
        pool = pool(POOL_SIZE);
        dialect = JdbcSeatRepository.builder(pool).build().dialect();
        table = TestTables.fresh(pool, dialect, getClass());
        JdbcSeatRepository.builder(pool).table(table).build().createSchema();
        recording = new ConflictRecordingDataSource(pool);
        clock = new DatabaseClock(pool, dialect, table);
    }

    @AfterAll
    void closePool() {
        if (pool != null) {
            TestTables.drop(pool, dialect, table);
            pool.close();
        }
    }

    /** Another pool on the same database (for H2: the same in-memory database). */
    HikariDataSource pool(int size) {
        return pool(size, config -> { });
    }

    HikariDataSource pool(int size, Consumer<HikariConfig> more) {
        return database().pool(size, config -> {
            config.setJdbcUrl(url);
            adjust(config);
            more.accept(config);
        });
    }

    /** A repository on this suite's table, through the conflict-recording pool. */
    JdbcSeatRepository repository(BookingListener listener) {
        return JdbcSeatRepository.builder(recording).table(table).dialect(dialect).listener(listener).build();
    }

    String table() {
        return table;
    }

    Dialect dialect() {
        return dialect;
    }

    static ShowId freshShow(String label) {
        return ShowId.of(label + "-" + UUID.randomUUID());
    }

    @Test
    void theHoldExpiryIsTheDatabaseClockAtTheClaimPlusTheHoldLength() throws SQLException {
        JdbcSeatRepository seats = repository(BookingListener.NONE);
        ShowId show = freshShow("db-clock");
        seats.addSeats(show, List.of("A1", "A2", "A3"));
        ClaimRequest request = ClaimRequest.hold(show, UserId.of("ann"), LONG_HOLD, "A1", "A2", "A3");

        Instant before = clock.now();
        ClaimResult.Claimed claimed = (ClaimResult.Claimed) seats.claim(request);
        Instant after = clock.now();

        // the repository has no clock of its own: the expiry can only come from the database's
        Duration precision = Duration.ofMillis(1);
        assertThat(claimed.holdExpiresAt().minus(LONG_HOLD)).isBetween(before.minus(precision), after.plus(precision));
        for (SeatId seat : request.seats()) {
            assertThat(clock.storedHoldUntil(seat)).as("stored expiry of %s, read by the driver", seat)
                    .isEqualTo(claimed.holdExpiresAt());
            assertThat(seats.findSeat(seat).orElseThrow().holdExpiresAt()).isEqualTo(claimed.holdExpiresAt());
        }
        assertThat(seats.claim(request)).as("a replay reads the same expiry back").isEqualTo(claimed);
    }

    @Test
    void whetherAHoldHasExpiredIsDecidedByTheDatabaseClockAlone() throws SQLException {
        JdbcSeatRepository seats = repository(BookingListener.NONE);
        ShowId show = freshShow("db-judge");
        seats.addSeats(show, List.of("A1", "A2"));
        UserId ann = UserId.of("ann");
        SeatId a1 = show.seat("A1");
        SeatId a2 = show.seat("A2");

        // a week-long hold whose expiry the database's clock has passed (the JVM's clock has not moved)
        ClaimResult.Claimed week = (ClaimResult.Claimed) seats.hold(a1, ann, Duration.ofDays(7));
        clock.moveHoldUntil(a1, Duration.ofSeconds(-1));
        assertThat(seats.findSeat(a1)).contains(SeatState.empty(a1, 1));
        assertThat(seats.confirm(week.reference(), ann)).isEqualTo(new ConfirmResult.Lapsed(week.reference()));
        assertThat(seats.release(week.reference(), ann)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(seats.tryBook(a1, UserId.of("bob"))).isInstanceOf(BookingResult.Booked.class);

        // a one-millisecond hold that, by the database's clock, still has a day to go
        ClaimResult.Claimed brief = (ClaimResult.Claimed) seats.hold(a2, ann, Duration.ofMillis(1));
        clock.moveHoldUntil(a2, Duration.ofDays(1));
        sweepAll(seats);
        assertThat(seats.findSeat(a2).orElseThrow().status()).as("after a sweep").isEqualTo(SeatStatus.HELD);
        assertThat(seats.tryBook(a2, UserId.of("bob"))).isEqualTo(new BookingResult.Taken(a2));
        assertThat(seats.confirm(brief.reference(), ann))
                .isEqualTo(new ConfirmResult.Confirmed(brief.reference(), ann, List.of(a2)));
    }

    @Test
    void overlappingGroupClaimsNeverDeadlockNorLeaveAPartialGroup() {
        JdbcSeatRepository seats = repository(BookingListener.NONE);
        ShowId show = freshShow("overlap");
        List<String> numbers = IntStream.range(0, 12).mapToObj(i -> String.format("S%02d", i)).toList();
        seats.addSeats(show, numbers);
        Map<BookingReference, Set<SeatId>> requested = new ConcurrentHashMap<>();
        Set<BookingReference> kept = ConcurrentHashMap.newKeySet();
        List<String> partialGroups = new CopyOnWriteArrayList<>();
        int writers = 16;
        int readers = 2;
        int rounds = 25;
        AtomicInteger claims = new AtomicInteger();

        List<Race.Attempt<Object>> attempts = Race.run(writers + readers, caller -> () -> {
            if (caller >= writers) {
                for (int i = 0; i < 40; i++) {
                    partialGroups.addAll(partialGroups(seats.listSeats(show), requested));
                }
                return null;
            }
            Random random = new Random(caller);
            UserId user = UserId.of("writer" + caller);
            for (int round = 0; round < rounds; round++) {
                int from = random.nextInt(numbers.size());
                int size = 2 + random.nextInt(4);
                // windows wrap around the end, so requests overlap in every pattern
                List<String> window = IntStream.range(0, size)
                        .mapToObj(i -> numbers.get((from + i) % numbers.size())).toList();
                ClaimRequest request = random.nextBoolean()
                        ? ClaimRequest.hold(show, user, LONG_HOLD, window) : ClaimRequest.book(show, user, window);
                requested.put(request.reference(), Set.copyOf(request.seats()));
                ClaimResult result = seats.claim(request);
                if (!(result instanceof ClaimResult.Claimed)) {
                    assertThat(result).isInstanceOf(ClaimResult.Unavailable.class);
                    continue;
                }
                claims.incrementAndGet();
                if (request.isHold() && random.nextBoolean()) {
                    assertThat(seats.confirm(request.reference(), user)).isInstanceOf(ConfirmResult.Confirmed.class);
                }
                if (random.nextInt(4) == 0) {
                    kept.add(request.reference());
                } else {
                    assertThat(seats.release(request.reference(), user)).isInstanceOf(ReleaseResult.Released.class);
                }
            }
            return null;
        }, RACE_TIMEOUT);

        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).as("caller %d", attempt.caller()).isNull());
        assertThat(recording.conflicts()).as("deadlocks, serialization failures or lock timeouts, even retried ones")
                .isEmpty();
        assertThat(claims.get()).as("claims won").isPositive();
        assertThat(partialGroups).as("groups seen by readers during the race").isEmpty();

        List<SeatState> end = seats.listSeats(show);
        assertThat(partialGroups(end, requested)).isEmpty();
        Set<BookingReference> stored = end.stream().filter(state -> !state.isEmpty()).map(SeatState::reference)
                .collect(Collectors.toSet());
        assertThat(stored).as("references stored at the end: exactly the groups kept").isEqualTo(kept);
    }

    /** Every reference in {@code snapshot} whose seats there differ from the seats requested under it. */
    private static List<String> partialGroups(List<SeatState> snapshot, Map<BookingReference, Set<SeatId>> requested) {
        Map<BookingReference, Set<SeatId>> groups = new HashMap<>();
        for (SeatState state : snapshot) {
            if (!state.isEmpty()) {
                groups.computeIfAbsent(state.reference(), reference -> new HashSet<>()).add(state.seat());
            }
        }
        List<String> partial = new ArrayList<>();
        groups.forEach((reference, seats) -> {
            if (!seats.equals(requested.get(reference))) {
                partial.add(reference + " has " + seats + " of " + requested.get(reference));
            }
        });
        return partial;
    }

    @Test
    void concurrentCopiesOfOneRequestMakeOneClaimAndReplays() {
        List<BookingEvent> events = new CopyOnWriteArrayList<>();
        JdbcSeatRepository seats = repository(events::add);
        ShowId show = freshShow("same-request");
        seats.addSeats(show, List.of("A1", "A2", "A3", "A4"));
        ClaimRequest request = ClaimRequest.hold(show, UserId.of("ann"), LONG_HOLD, "A4", "A2", "A1", "A3");

        List<Race.Attempt<ClaimResult>> attempts = Race.run(16, caller -> () -> seats.claim(request), RACE_TIMEOUT);

        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        ClaimResult first = attempts.get(0).value();
        assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.value()).isEqualTo(first));
        assertThat(events).hasSize(1).first().satisfies(event -> {
            assertThat(event.type()).isEqualTo(BookingEvent.Type.HELD);
            assertThat(event.seats()).isEqualTo(request.seats());
        });
    }

    @Test
    void concurrentSweepsClearEachExpiredHoldExactlyOnce() throws Exception {
        JdbcSeatRepository quiet = repository(BookingListener.NONE);
        while (quiet.sweepExpiredHolds(10_000) > 0) {
            // expired holds left by other tests of this class would be counted below
        }
        ShowId show = freshShow("sweep");
        List<String> numbers = IntStream.range(0, 60).mapToObj(i -> String.format("H%02d", i)).toList();
        quiet.addSeats(show, numbers);
        Map<SeatId, ClaimResult.Claimed> holds = new HashMap<>();
        for (int group = 0; group < numbers.size() / 3; group++) {
            ClaimResult.Claimed claimed = (ClaimResult.Claimed) quiet.claim(ClaimRequest.hold(show,
                    UserId.of("holder" + group), Duration.ofMillis(1), numbers.subList(group * 3, group * 3 + 3)));
            claimed.seats().forEach(seat -> holds.put(seat, claimed));
        }
        awaitAllLapsed(quiet, show);

        List<BookingEvent> events = new CopyOnWriteArrayList<>();
        JdbcSeatRepository seats = repository(events::add);
        List<Race.Attempt<Integer>> sweeps = Race.run(4, caller -> () -> {
            int cleared = 0;
            for (int n = seats.sweepExpiredHolds(7); n > 0; n = seats.sweepExpiredHolds(7)) {
                cleared += n;
            }
            return cleared;
        }, RACE_TIMEOUT);

        assertThat(sweeps).allSatisfy(sweep -> assertThat(sweep.failure()).isNull());
        assertThat(sweeps.stream().mapToInt(Race.Attempt::value).sum()).as("seats cleared in total").isEqualTo(60);
        assertThat(events).hasSize(60).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo(BookingEvent.Type.EXPIRED);
            assertThat(event.seats()).hasSize(1);
            ClaimResult.Claimed hold = holds.get(event.seats().get(0));
            assertThat(event.reference()).isEqualTo(hold.reference());
            assertThat(event.owner()).isEqualTo(hold.owner());
        });
        assertThat(events.stream().map(event -> event.seats().get(0)).collect(Collectors.toSet()))
                .isEqualTo(holds.keySet());
        assertThat(clock.storedHolds(show)).isZero();
        assertThat(seats.listSeats(show)).allSatisfy(state -> assertThat(state).isEqualTo(SeatState.empty(state.seat(), 2)));
    }

    /**
     * Bookings and group claims racing sweeps for lapsed holds: tryBook's first UPDATE takes only
     * empty seats, its takeover UPDATE only the hold as read (by version), a claim only the rows it
     * locked, the sweep only rows it locked; so each hold ends once and is told {@code EXPIRED} once,
     * naming its holder, by whichever of them ended it.
     */
    @Test
    void lapsedHoldsTakenOverWhileSweptAreToldExpiredExactlyOnce() throws Exception {
        JdbcSeatRepository quiet = repository(BookingListener.NONE);
        ShowId show = freshShow("takeover");
        List<String> numbers = IntStream.range(0, 30).mapToObj(i -> String.format("H%02d", i)).toList();
        quiet.addSeats(show, numbers);
        List<BookingEvent> expected = new ArrayList<>();
        for (int group = 0; group < numbers.size() / 3; group++) {
            ClaimResult.Claimed claimed = (ClaimResult.Claimed) quiet.claim(ClaimRequest.hold(show,
                    UserId.of("holder" + group), Duration.ofMillis(1), numbers.subList(group * 3, group * 3 + 3)));
            claimed.seats().forEach(seat -> expected.add(new BookingEvent(BookingEvent.Type.EXPIRED,
                    claimed.reference(), claimed.owner(), List.of(seat), null)));
        }
        awaitAllLapsed(quiet, show);

        List<BookingEvent> events = new CopyOnWriteArrayList<>();
        JdbcSeatRepository seats = repository(events::add);
        List<Race.Attempt<Integer>> racers = Race.run(6, caller -> () -> {
            int won = 0;
            for (int i = 0; i < numbers.size(); i++) {
                int at = (i * 7 + caller * 5) % numbers.size();
                UserId user = UserId.of("taker" + caller);
                switch (caller % 3) {
                    case 0 -> seats.sweepExpiredHolds(2);
                    case 1 -> won += seats.tryBook(show.seat(numbers.get(at)), user) instanceof BookingResult.Booked ? 1 : 0;
                    default -> won += seats.claim(ClaimRequest.book(show, user, numbers.get(at),
                            numbers.get((at + 1) % numbers.size()))) instanceof ClaimResult.Claimed ? 1 : 0;
                }
            }
            return won;
        }, RACE_TIMEOUT);
        sweepAll(seats);

        assertThat(racers).allSatisfy(racer -> assertThat(racer.failure()).isNull());
        List<BookingEvent> ours = events.stream().filter(event -> event.seats().get(0).show().equals(show)).toList();
        assertThat(ours.stream().filter(event -> event.type() == BookingEvent.Type.EXPIRED))
                .as("one EXPIRED per lapsed hold, by a sweep or by its taker, never both")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ours.stream().filter(event -> event.type() == BookingEvent.Type.BOOKED))
                .as("one BOOKED per taker that won").hasSize(racers.stream().mapToInt(Race.Attempt::value).sum());
        assertThat(clock.storedHolds(show)).isZero();
    }

    @Test
    void aListenerThatThrowsUndoesNothingAndFailsNothing() throws Exception {
        ShowId show = freshShow("throwing");
        List<BookingEvent.Type> told = new CopyOnWriteArrayList<>();
        JdbcSeatRepository seats = repository(event -> {
            if (event.seats().get(0).show().equals(show)) {
                told.add(event.type());
            }
            throw new IllegalStateException("the mail server is down");
        });
        seats.addSeats(show, List.of("A1", "A2", "A3"));
        UserId ann = UserId.of("ann");
        SeatId a1 = show.seat("A1");

        ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1", "A2"));
        assertThat(seats.findSeat(a1).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
        assertThat(seats.confirm(held.reference(), ann)).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(seats.findSeat(a1).orElseThrow().status()).isEqualTo(SeatStatus.BOOKED);
        assertThat(seats.release(held.reference(), ann)).isInstanceOf(ReleaseResult.Released.class);
        assertThat(seats.findSeat(a1).orElseThrow().isEmpty()).isTrue();
        BookingResult.Booked booked = (BookingResult.Booked) seats.tryBook(a1, ann);
        assertThat(seats.findSeat(a1).orElseThrow().reference()).isEqualTo(booked.reference());
        assertThat(seats.release(a1, ann)).isInstanceOf(ReleaseResult.Released.class);
        assertThat(seats.findSeat(a1).orElseThrow().isEmpty()).isTrue();
        seats.hold(show.seat("A3"), ann, Duration.ofMillis(1));
        awaitAllLapsed(seats, show);
        assertThat(sweepAll(seats)).isPositive();
        assertThat(clock.storedHolds(show)).isZero();

        assertThat(told).containsExactly(BookingEvent.Type.HELD, BookingEvent.Type.CONFIRMED,
                BookingEvent.Type.RELEASED, BookingEvent.Type.BOOKED, BookingEvent.Type.RELEASED,
                BookingEvent.Type.HELD, BookingEvent.Type.EXPIRED);
    }

    @Test
    void theListenerHearsOfAChangeOnlyOnceItIsCommittedAndTheConnectionIsBack() throws Exception {
        ShowId show = freshShow("committed");
        List<BookingEvent> told = new CopyOnWriteArrayList<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        // the repository under test has one connection: if it still held it while telling the
        // listener, the listener's read through the same pool could not get one
        try (HikariDataSource single = pool(1, config -> config.setConnectionTimeout(60_000));
             HikariDataSource other = pool(1)) {
            JdbcSeatRepository observer = JdbcSeatRepository.builder(other).table(table).dialect(dialect).build();
            JdbcSeatRepository sameConnection = JdbcSeatRepository.builder(single).table(table).dialect(dialect).build();
            JdbcSeatRepository seats = JdbcSeatRepository.builder(single).table(table).dialect(dialect)
                    .listener(event -> {
                        if (!event.seats().get(0).show().equals(show)) {
                            return;
                        }
                        told.add(event);
                        try {
                            for (SeatId seat : event.seats()) {
                                check(event, observer.findSeat(seat).orElseThrow(), "another connection", mismatches);
                                check(event, sameConnection.findSeat(seat).orElseThrow(), "the same pool", mismatches);
                            }
                        } catch (RuntimeException | SQLException e) {
                            mismatches.add(event.type() + ": " + e);
                        }
                    }).build();
            seats.addSeats(show, List.of("A1", "A2", "A3"));
            UserId ann = UserId.of("ann");

            ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1", "A2"));
            seats.confirm(held.reference(), ann);
            seats.release(held.reference(), ann);
            seats.tryBook(show.seat("A1"), ann);
            seats.release(show.seat("A1"), ann);
            seats.hold(show.seat("A3"), ann, Duration.ofMillis(1));
            awaitAllLapsed(seats, show);
            sweepAll(seats);
        }
        assertThat(told).extracting(BookingEvent::type).containsExactly(BookingEvent.Type.HELD,
                BookingEvent.Type.CONFIRMED, BookingEvent.Type.RELEASED, BookingEvent.Type.BOOKED,
                BookingEvent.Type.RELEASED, BookingEvent.Type.HELD, BookingEvent.Type.EXPIRED);
        assertThat(mismatches).isEmpty();
    }

    /**
     * The seat as read must already show what the event says happened (a hold may also have
     * expired since, by the database's clock).
     */
    private void check(BookingEvent event, SeatState state, String via, List<String> mismatches) throws SQLException {
        boolean committed = switch (event.type()) {
            case HELD -> state.status() == SeatStatus.HELD && event.reference().equals(state.reference())
                    && event.holdExpiresAt().equals(state.holdExpiresAt())
                    || state.isEmpty() && state.version() == 1 && !clock.now().isBefore(event.holdExpiresAt());
            case BOOKED, CONFIRMED -> state.status() == SeatStatus.BOOKED && event.reference().equals(state.reference())
                    && event.owner().equals(state.owner());
            case RELEASED, EXPIRED -> state.isEmpty();
        };
        if (!committed) {
            mismatches.add(event.type() + " of " + state.seat() + " but read through " + via + ": " + state);
        }
    }

    private static int sweepAll(JdbcSeatRepository seats) {
        int cleared = 0;
        for (int n = seats.sweepExpiredHolds(10_000); n > 0; n = seats.sweepExpiredHolds(10_000)) {
            cleared += n;
        }
        return cleared;
    }

    /**
     * Waits until the database's clock has passed every hold of {@code show}: not a timing
     * assertion, a condition polled with a generous bound.
     */
    static void awaitAllLapsed(JdbcSeatRepository seats, ShowId show) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!seats.listSeats(show).stream().allMatch(SeatState::isEmpty)) {
            assertThat(System.nanoTime()).as("holds of %s still live after two minutes", show).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
