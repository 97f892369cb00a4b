package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * One application instance of {@link MultiProcessRaceTest}: its own JVM and its own pool. It
 * readies its racer threads, prints {@code READY}, waits for {@code GO} on standard input so that
 * all instances start together, and prints one line per caller: {@code RESULT seat user outcome}
 * or {@code ERROR ...}.
 */
public final class RaceProcess {

    private RaceProcess() {
    }

    /** Arguments: jdbcUrl table show seatCount instance callers. */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[1];
        ShowId show = ShowId.of(args[2]);
        int seatCount = Integer.parseInt(args[3]);
        int instance = Integer.parseInt(args[4]);
        int callers = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
            seats.listSeats(show); // warm the pool before the start

            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                SeatId seat = show.seat("S" + (i % seatCount));
                UserId user = UserId.of("instance" + instance + "-user" + i);
                Thread thread = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        BookingResult result = seats.tryBook(seat, user);
                        lines.add("RESULT " + seat.number() + " " + user.value() + " " + result.getClass().getSimpleName());
                    } catch (Throwable t) {
                        lines.add("ERROR " + seat.number() + " " + user.value() + " " + t);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            ready.await();
            out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command = in.readLine();
            if (!"GO".equals(command)) {
                out.println("ERROR expected GO, got " + command);
                System.exit(2);
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            lines.forEach(out::println);
            out.println("DONE");
        }
    }
}
