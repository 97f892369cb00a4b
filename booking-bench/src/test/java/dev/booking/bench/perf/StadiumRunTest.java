package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stadium on-sale, small: on H2 and the in-memory baseline always, on PostgreSQL and MariaDB when
 * their URLs are set (skipped with a line otherwise, failed under CI). Integrity and bookkeeping only,
 * never timings; and a store that lies is caught.
 */
class StadiumRunTest {

    /**
     * 500 seats, 1,500 attempts by 40 users, holds of 200 to 1,000 ms: long enough that a loaded machine
     * still lets some users confirm in time.
     */
    static final StadiumSizes SMALL = new StadiumSizes(10, 50, 1_500, 40, 3, Duration.ofMillis(200),
            Duration.ofMillis(1_000), 100, Duration.ofSeconds(60));

    @TempDir
    Path workDir;

    @Test
    void onH2EverySeatIsSoldOnceAndHoldsLapseAndAreSoldAgain() throws Exception {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("stadium-" + System.nanoTime()), null, null, 8,
                "stadium_test")) {
            onSaleSellsOut(store, BackendKind.H2);
        }
    }

    @Test
    void onPostgresql() throws Exception {
        try (SqlStore store = SqlStore.open(urlOf(BenchOptions.POSTGRES_ENV, "POSTGRESQL"), null, null, 8,
                "stadium_test")) {
            onSaleSellsOut(store, BackendKind.POSTGRESQL);
        }
    }

    @Test
    void onMariadb() throws Exception {
        try (SqlStore store = SqlStore.open(urlOf(BenchOptions.MARIADB_ENV, "MARIADB"), null, null, 8,
                "stadium_test")) {
            onSaleSellsOut(store, BackendKind.MARIADB);
        }
    }

    @Test
    void theInMemoryBaselineSellsOutToo() throws Exception {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("stadium-" + System.nanoTime()), null, null, 2,
                "stadium_test")) {
            RunResult run = StadiumRun.inMemory(session(store, BackendKind.H2), SMALL, "t");

            assertThat(run.variant()).isEqualTo(Variants.IN_MEMORY);
            assertClean(run);
            assertThat(BenchReport.isLibrary(run.variant())).as("its integrity counts as the library's").isTrue();
        }
    }

    @Test
    void aStoreThatSaysBookedForTakenSeatsIsCaught() throws Exception {
        InMemorySeatRepository honest = new InMemorySeatRepository();
        SeatRepository lying = (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[]{SeatRepository.class}, (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(honest, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (answer instanceof BookingResult.Taken taken && method.getName().equals("tryBook")) {
                        return new BookingResult.Booked(taken.seat(), (dev.booking.core.UserId) args[1],
                                dev.booking.core.BookingReference.generate());
                    }
                    return answer;
                });

        RunResult run = StadiumRun.run(BackendKind.H2, Variants.LIBRARY, lying, ShowId.of("lying-stadium"), SMALL, "t");

        Integrity integrity = run.integrity();
        assertThat(integrity.doubleBookings()).isPositive();
        assertThat(integrity.unstoredWins()).isPositive();
        assertThat(integrity.problems()).anyMatch(problem -> problem.contains("double bookings"));
        assertThat(integrity.examples()).anyMatch(line -> line.contains("was sold to"));
    }

    private void onSaleSellsOut(SqlStore store, BackendKind kind) throws Exception {
        Session session = session(store, kind);
        ShowId show = session.shows().next();
        try {
            RunResult run = StadiumRun.run(kind, Variants.LIBRARY, store.repository(), show, SMALL, "t");

            assertClean(run);
            List<SeatState> seats = store.repository().listSeats(show);
            assertThat(seats).hasSize(SMALL.seats()).allMatch(seat -> seat.status() == SeatStatus.BOOKED);
            assertThat(seats.stream().map(SeatState::reference).collect(Collectors.toSet()))
                    .as("one reference per seat: no two seats share a booking").hasSize(SMALL.seats());
        } finally {
            store.dropShow(show);
        }
        assertClean(StadiumRun.library(session, SMALL, "t")); // as the plan runs it, on a show removed afterwards
    }

    private static void assertClean(RunResult run) {
        String what = run.backend() + " " + run.variant() + " " + run.errors() + " " + run.integrity().examples();
        StadiumFigures figures = run.stadium();
        Integrity integrity = run.integrity();
        assertThat(run.workload()).isEqualTo(Workload.STADIUM);
        assertThat(run.errorCount()).as(what).isZero();
        assertThat(integrity.problems()).as(what).isEmpty();
        assertThat(run.operations()).as("every planned attempt answered").isEqualTo(SMALL.attempts());
        assertThat(run.latencyMicros().getTotalCount()).isEqualTo(SMALL.attempts());
        assertThat(figures.soldOut()).as(what + " " + figures.soldOutText()).isTrue();
        assertThat(figures.soldSeats()).isEqualTo(SMALL.seats());
        assertThat(integrity.seats()).isEqualTo(SMALL.seats());
        assertThat(integrity.seatsWithOneWinner()).isEqualTo(SMALL.seats());
        assertThat(integrity.won()).as("one sale per seat").isEqualTo(SMALL.seats());
        assertThat(integrity.doubleBookings()).isZero();
        assertThat(figures.holds()).as("holds were granted").isPositive();
        assertThat(figures.confirmed()).as("some were confirmed").isPositive()
                .isLessThan(figures.holds()); // and the rest lapsed
        // the gate to the last planned answer also sees sales by users already sweeping the seats left
        assertThat(figures.bookings() + figures.refusals()).as("answers booked or refused, not more than calls")
                .isLessThanOrEqualTo(run.operations() + figures.confirmed() + figures.sweepAttempts());
        assertThat(figures.refusals()).as("the hot seats refuse most who try them").isPositive();
        assertThat(figures.soldOutNanos()).isGreaterThanOrEqualTo(figures.onSaleNanos() - 1);
    }

    private Session session(SqlStore store, BackendKind kind) {
        return new Session(kind, store, Profile.quick(), new ShowIds("stadium-test"), Optional.empty(), workDir);
    }

    private static String urlOf(String variable, String backend) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            throw TestServers.unavailable(backend, "set " + variable, true);
        }
        return url;
    }
}
