package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.OutboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test: what the outbox costs {@code tryBook} of distinct seats, from 8
 * threads, with and without an outbox, alternating in one JVM. Runs only with
 * {@code BOOKING_MEASURE=true} (database from {@code -Dbooking.measure.database}, default
 * POSTGRESQL); prints calls per second and the ratio, and asserts only that every seat was booked
 * once and, with the outbox, told once, never a timing.
 */
@EnabledIfEnvironmentVariable(named = "BOOKING_MEASURE", matches = "true")
class OutboxCostMeasurement {

    private static final int THREADS = 8;
    private static final int CALLS = Integer.getInteger("booking.measure.calls", 4000);
    private static final int RUNS = Integer.getInteger("booking.measure.runs", 3);

    @Test
    void tryBookWithAndWithoutTheOutbox() throws Exception {
        TestDatabase database = TestDatabase.valueOf(System.getProperty("booking.measure.database", "POSTGRESQL"));
        double without = 0;
        double with = 0;
        for (int run = 0; run <= RUNS; run++) {  // run 0 warms the JIT up and is not counted
            double plain = perSecond(database, false);
            double outbox = perSecond(database, true);
            System.out.printf(Locale.ROOT, "measure run %d tryBook x%d: without outbox %8.0f/s, with %8.0f/s, ratio %.2f%n",
                    run, THREADS, plain, outbox, outbox / plain);
            if (run > 0) {
                without += plain;
                with += outbox;
            }
        }
        System.out.printf(Locale.ROOT, "measure %s: with outbox / without = %.2f over %d runs of %d calls%n",
                database, with / without, RUNS, CALLS);
    }

    private static double perSecond(TestDatabase database, boolean withOutbox) throws Exception {
        try (OutboxTables tables = new OutboxTables(database)) {
            HikariDataSource pool = tables.pool();
            JdbcSeatRepository.Builder builder = JdbcSeatRepository.builder(pool).table(tables.seatTable())
                    .dialect(tables.dialect());
            JdbcSeatRepository seats = withOutbox ? builder.outbox(tables.outbox()).build() : builder.build();
            ShowId show = ShowId.of("cost");
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                numbers.add("S" + i);
            }
            seats.addSeats(show, numbers);
            CyclicBarrier gate = new CyclicBarrier(THREADS + 1);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> booked = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    booked.add(threads.submit(() -> {
                        gate.await();
                        int won = 0;
                        for (int i = first; i < CALLS; i += THREADS) {
                            if (seats.tryBook(show.seat("S" + i), UserId.of("u" + i)) instanceof BookingResult.Booked) {
                                won++;
                            }
                        }
                        return won;
                    }));
                }
                gate.await();
                long start = System.nanoTime();
                int won = 0;
                for (Future<Integer> result : booked) {
                    won += result.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(won).isEqualTo(CALLS);
                assertThat(tables.outbox().count(OutboxState.PENDING)).isEqualTo(withOutbox ? CALLS : 0);
                return CALLS / seconds;
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
