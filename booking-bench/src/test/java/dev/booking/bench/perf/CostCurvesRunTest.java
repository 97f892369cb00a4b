package dev.booking.bench.perf;

import dev.booking.bench.SqlStore;
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
import dev.booking.core.memory.InMemorySeatRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost curves on H2 and the in-memory reference at small sizes: integrity, and a broken sweep caught. */
class CostCurvesRunTest {

    private static final CurveSizes SIZES = new CurveSizes(List.of(100, 1_000), List.of(10, 50), 2, 20, 200, 20);

    @Test
    void everyOperationAtEverySizeKeepsItsPromisesOnH2AndInMemory(@TempDir Path workDir) throws Exception {
        try (SqlStore store = LineSessions.store("curves")) {
            Session session = LineSessions.session(store, workDir);
            for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                for (int seats : SIZES.seats()) {
                    List<RunResult> results = CostCurvesRun.atSize(session, implementation, seats, SIZES, "t#1");
                    assertThat(results).extracting(RunResult::variant).containsExactlyElementsOf(
                            CostCurvesRun.SIZE_OPERATIONS.stream().map(op -> CostCurvesRun.variant(implementation, op))
                                    .toList());
                    assertClean(results);
                    assertThat(results.get(0).operations()).as("seats added").isEqualTo(seats);
                    assertThat(results.get(2).operations()).as("holds swept").isGreaterThanOrEqualTo(seats / 10);
                    RunResult book = results.get(3);
                    assertThat(book.integrity().won()).as("every tryBook won its seat").isEqualTo(book.operations());
                    assertThat(book.integrity().takenSeats()).as("nothing else taken").isEqualTo((int) book.operations());
                }
                for (int users : SIZES.users()) {
                    RunResult run = CostCurvesRun.withUsers(session, implementation, users, SIZES, "t#1");
                    assertClean(List.of(run));
                    assertThat(run.concurrency()).isEqualTo(users);
                    assertThat(run.integrity().won()).as("every booking won").isEqualTo(run.operations())
                            .isGreaterThanOrEqualTo(SIZES.userBookings());
                }
            }
        }
    }

    @Test
    void aSweepThatFreesNothingIsReportedAsALibraryViolation(@TempDir Path workDir) {
        SeatRepository lazySweeper = new LazySweeper(new InMemorySeatRepository());
        try (SqlStore store = LineSessions.store("curves-broken")) {
            Session session = LineSessions.session(store, workDir);
            List<RunResult> results = CostCurvesRun.atSize(session, CostCurvesRun.MEMORY, lazySweeper, 100, SIZES,
                    "t#1");
            RunResult sweep = results.get(2);
            assertThat(sweep.errorCount()).isPositive();
            assertThat(sweep.errors().keySet()).contains("swept 0 holds of the 10 lapsed",
                    "10 of 10 lapsed holds sampled not cleared by the sweep");
            BenchReport report = new BenchReport(results, ResultTable.rows(results, List.of(BackendKind.H2)), List.of(),
                    List.of(), Settings.of(BenchOptions.parse(List.of("--quick"), Map.of()),
                    Instant.now(), Optional.empty()), Duration.ZERO);
            assertThat(report.libraryViolations()).anyMatch(line -> line.contains(CostCurvesRun.SWEEP));
        }
    }

    private static void assertClean(List<RunResult> results) {
        for (RunResult run : results) {
            assertThat(run.errorCount()).as(run.variant() + " at " + run.concurrency() + ": " + run.errors()).isZero();
            assertThat(run.integrity().problems()).as(run.variant() + " at " + run.concurrency()).isEmpty();
            assertThat(run.operations()).as(run.variant()).isPositive();
        }
    }

    /** A broken repository: everything as the in-memory reference does, except that its sweep frees nothing. */
    private record LazySweeper(SeatRepository delegate) implements SeatRepository {

        @Override
        public int sweepExpiredHolds(int limit) {
            return 0;
        }

        @Override
        public BookingResult tryBook(SeatId seat, UserId user) {
            return delegate.tryBook(seat, user);
        }

        @Override
        public void addSeats(ShowId show, Collection<String> numbers) {
            delegate.addSeats(show, numbers);
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
    }
}
