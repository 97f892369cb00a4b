package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test: bookings per second of distinct seats on PostgreSQL, direct
 * {@code tryBook} from 32 threads against {@code claimInOrder} batches from one thread and from two
 * threads on different shows. Runs only with {@code BOOKING_MEASURE=true} (and
 * {@code BOOKING_TEST_POSTGRES_URL}); it prints its figures and asserts only that every seat was
 * booked once, never a timing. Each run starts from fresh, empty tables, as a new deployment would.
 * Run it with {@code BOOKING_MEASURE=true mvn -pl booking-jdbc -am test
 * -Dtest=OrderedClaimsThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; the first run
 * includes the JIT's warm-up.
 */
@EnabledIfEnvironmentVariable(named = "BOOKING_MEASURE", matches = "true")
class OrderedClaimsThroughputMeasurement {

    private static final int SEATS = 10_000;
    private static final int RUNS = Integer.getInteger("booking.measure.runs", 3);

    @Test
    void bookingsPerSecond() throws Exception {
        TestDatabase database = TestDatabase.valueOf(System.getProperty("booking.measure.database", "POSTGRESQL"));
        for (int run = 1; run <= RUNS; run++) {
            report(run, "tryBook x32", direct(database, 32));
            report(run, "claimInOrder 128 x1", batches(database, 128, 1));
            report(run, "claimInOrder 512 x1", batches(database, 512, 1));
            report(run, "claimInOrder 128 x2", batches(database, 128, 2));
            report(run, "claimInOrder 512 x2", batches(database, 512, 2));
        }
    }

    private static void report(int run, String what, double perSecond) {
        System.out.printf("measure run %d %-22s %8.0f bookings/s%n", run, what, perSecond);
    }

    private double direct(TestDatabase database, int threads) throws Exception {
        try (HikariDataSource pool = database.pool(threads)) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, getClass());
            try {
                JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
                seats.createSchema();
                ShowId show = ShowId.of("measure-direct");
                seats.addSeats(show, numbers(SEATS));
                AtomicInteger next = new AtomicInteger();
                AtomicLong booked = new AtomicLong();
                ExecutorService executor = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(executor.submit(() -> {
                        for (int i = next.getAndIncrement(); i < SEATS; i = next.getAndIncrement()) {
                            if (seats.tryBook(show.seat("S" + i), UserId.of("u" + i)) instanceof BookingResult.Booked) {
                                booked.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(10, TimeUnit.MINUTES);
                }
                long nanos = System.nanoTime() - start;
                executor.shutdown();
                assertThat(booked.get()).isEqualTo(SEATS);
                return SEATS * 1e9 / nanos;
            } finally {
                TestTables.drop(pool, dialect, table);
            }
        }
    }

    private double batches(TestDatabase database, int batchSize, int threads) throws Exception {
        try (HikariDataSource pool = database.pool(threads)) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, getClass());
            try {
                JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
                seats.createSchema();
                int perShow = SEATS / threads;
                List<ShowId> shows = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    ShowId show = ShowId.of("measure-batch-" + t);
                    seats.addSeats(show, numbers(perShow));
                    shows.add(show);
                }
                AtomicLong booked = new AtomicLong();
                ExecutorService executor = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (ShowId show : shows) {
                    done.add(executor.submit(() -> {
                        for (int from = 0; from < perShow; from += batchSize) {
                            List<ClaimRequest> batch = new ArrayList<>();
                            for (int i = from; i < Math.min(perShow, from + batchSize); i++) {
                                batch.add(ClaimRequest.book(show, UserId.of("u" + i), "S" + i));
                            }
                            for (ClaimResult result : seats.claimInOrder(batch)) {
                                if (result instanceof ClaimResult.Claimed) {
                                    booked.incrementAndGet();
                                }
                            }
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(10, TimeUnit.MINUTES);
                }
                long nanos = System.nanoTime() - start;
                executor.shutdown();
                assertThat(booked.get()).isEqualTo((long) perShow * threads);
                return booked.get() * 1e9 / nanos;
            } finally {
                TestTables.drop(pool, dialect, table);
            }
        }
    }

    private static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add("S" + i);
        }
        return numbers;
    }
}
