package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One application instance of {@link MultiProcessRaceTest}: its own JVM and its own pool. It
 * readies its racer threads, prints {@code READY}, waits for {@code GO} on standard input so that
 * all instances start together, and prints one line per caller: {@code RESULT seat user outcome}
 * or {@code ERROR ...}.
 */
public final class RaceProcess {

    /** Within the test's own wait for an instance to finish. */
    private static final Duration RACE_TIMEOUT = Duration.ofMinutes(3);

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

            IntFunction<SeatId> seatOf = caller -> show.seat("S" + (caller % seatCount));
            IntFunction<UserId> userOf = caller -> UserId.of("instance" + instance + "-user" + caller);
            // runs once every racer of this instance is ready: the gate opens on the GO sent to all instances
            Runnable awaitGo = () -> {
                out.println("READY");
                String command = readLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
                if (!"GO".equals(command)) {
                    out.println("ERROR expected GO, got " + command);
                    System.exit(2);
                }
            };
            List<Race.Attempt<BookingResult>> attempts = Race.run(callers,
                    caller -> () -> seats.tryBook(seatOf.apply(caller), userOf.apply(caller)), RACE_TIMEOUT, awaitGo);
            List<String> lines = new ArrayList<>();
            for (Race.Attempt<BookingResult> attempt : attempts) {
                String who = seatOf.apply(attempt.caller()).number() + " " + userOf.apply(attempt.caller()).value();
                lines.add(attempt.failure() == null
                        ? "RESULT " + who + " " + attempt.value().getClass().getSimpleName()
                        : "ERROR " + who + " " + attempt.failure());
            }
            lines.forEach(out::println);
            out.println("DONE");
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
