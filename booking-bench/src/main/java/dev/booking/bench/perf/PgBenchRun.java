package dev.booking.bench.perf;

import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.SqlStore;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One pgbench run as a distinct-seats result: prepares exactly the seats pgbench's clients will book,
 * runs it, and checks that every transaction booked its seat (so no "0 rows" transaction inflated the
 * figure).
 */
final class PgBenchRun {

    private static final UserId OWNER = UserId.of("pgbench");

    private PgBenchRun() {
    }

    /**
     * @param session      the PostgreSQL session (its store's URL, table and the library's statement)
     * @param pgbench      the executable
     * @param concurrency  the distinct-seats level this run is paired at
     * @param clients      pgbench clients: the level, capped at the pool size
     * @param transactions transactions per client
     * @param pairKey      the A/B pair
     * @param workDir      scratch folder for the script and logs
     */
    static RunResult run(Session session, PgBench pgbench, int concurrency, int clients, int transactions,
                         String pairKey, Path workDir) throws IOException, InterruptedException {
        SqlStore store = (SqlStore) session.store();
        ShowId show = session.shows().next();
        List<String> numbers = PgBench.seatNumbers(clients, transactions);
        store.repository().addSeats(show, numbers);
        try {
            PgBench.Outcome outcome = pgbench.run(PostgresUrl.parse(store.url()), store.statements().claim(), show,
                    clients, transactions, workDir);
            List<SeatState> stored = store.repository().listSeats(show);
            int booked = (int) stored.stream().filter(seat -> OWNER.equals(seat.owner())).count();
            long answered = outcome.processed() - outcome.failed();
            ErrorTally errors = new ErrorTally();
            errors.record("pgbench failed transactions", outcome.failed());
            long wallNanos = outcome.tps() > 0 ? Math.round(outcome.processed() / outcome.tps() * 1e9) : 0;
            // pgbench tells only counts: every transaction a seat of its own, every booked seat one winner
            Integrity integrity = new Integrity((int) outcome.processed(), outcome.processed(), answered, 0, booked,
                    booked, 0, 0, 0, 0, booked, List.of());
            return new RunResult(Workload.DISTINCT_SEATS, session.kind().id(), Variants.PGBENCH, concurrency, pairKey,
                    outcome.processed(), wallNanos, outcome.latency(), null, errors.samples(), errors.total(),
                    integrity, -1);
        } finally {
            store.dropShow(show);
        }
    }
}
