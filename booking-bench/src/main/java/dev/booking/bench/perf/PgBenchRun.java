package dev.booking.bench.perf;

import dev.booking.core.ShowId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One pgbench run as a distinct-seats result: prepares exactly the seats pgbench's clients will book,
 * runs it, and checks that every transaction booked its seat (so no "0 rows" transaction inflated the
 * figure).
 */
final class PgBenchRun {

    private PgBenchRun() {
    }

    /**
     * @param backend      the PostgreSQL backend (its table, URL and the library's statement)
     * @param pgbench      the executable
     * @param concurrency  the distinct-seats level this run is paired at
     * @param clients      pgbench clients: the level, capped at the pool size
     * @param transactions transactions per client
     * @param pairKey      the A/B pair
     * @param shows        where the show id comes from
     * @param workDir      scratch folder for the script and logs
     */
    static RunResult run(SqlBackend backend, PgBench pgbench, int concurrency, int clients, int transactions,
                         String pairKey, ShowIds shows, Path workDir) throws IOException, InterruptedException {
        ShowId show = shows.next();
        List<String> numbers = PgBench.seatNumbers(clients, transactions);
        backend.repository().addSeats(show, numbers);
        try {
            PgBench.Outcome outcome = pgbench.run(PostgresUrl.parse(backend.url()), backend.sql().claim(), show,
                    clients, transactions, workDir);
            Map<String, String> stored = StoredOwners.of(backend.repository(), show);
            long booked = stored.values().stream().filter("pgbench"::equals).count();
            long answered = outcome.processed() - outcome.failed();
            ErrorTally errors = new ErrorTally();
            errors.record("pgbench failed transactions", outcome.failed());
            long wallNanos = outcome.tps() > 0 ? Math.round(outcome.processed() / outcome.tps() * 1e9) : 0;
            Integrity integrity = new Integrity((int) outcome.processed(), outcome.processed(), answered, 0, booked,
                    (int) booked, 0, 0, 0);
            return new RunResult(Workload.DISTINCT_SEATS, backend.kind().id(), Variants.PGBENCH, concurrency, pairKey,
                    outcome.processed(), wallNanos, outcome.latency(), null, errors.samples(), errors.total(),
                    integrity, -1);
        } finally {
            backend.dropShow(show);
        }
    }
}
