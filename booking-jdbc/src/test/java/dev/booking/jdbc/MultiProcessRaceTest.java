package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application instances, as services that embed the library run in production: 4 JVMs,
 * each with its own pool, race 1000 callers in total for the same seats, released together. Every
 * seat must have exactly one winner across all processes, and that winner must be stored.
 */
class MultiProcessRaceTest {

    private static final int PROCESSES = 4;
    private static final int CALLERS_PER_PROCESS = 250;
    private static final int SEATS = 10;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void eachSeatHasExactlyOneWinnerAcrossProcesses(TestDatabase database) throws Exception {
        String url = database.jdbcUrl();
        try (HikariDataSource pool = database.pool(2, config -> config.setJdbcUrl(url))) {
            JdbcSeatRepository probe = JdbcSeatRepository.builder(pool).build();
            String table = TestTables.fresh(pool, probe.dialect(), getClass());
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
            seats.createSchema();
            ShowId show = ShowId.of("multi-process-" + System.nanoTime());
            seats.addSeats(show, IntStream.range(0, SEATS).mapToObj(i -> "S" + i).toList());

            List<Process> processes = new ArrayList<>();
            List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
            try {
                for (int instance = 0; instance < PROCESSES; instance++) {
                    Process process = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                            RaceProcess.class.getName(), url, table, show.value(), String.valueOf(SEATS),
                            String.valueOf(instance), String.valueOf(CALLERS_PER_PROCESS))
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
                    processes.add(process);
                }
                List<BufferedReader> readers = new ArrayList<>();
                for (Process process : processes) {
                    BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    assertThat(reader.readLine()).as("first line of an instance").isEqualTo("READY");
                    readers.add(reader);
                }
                for (int i = 0; i < processes.size(); i++) {
                    BufferedReader reader = readers.get(i);
                    outputs.add(CompletableFuture.supplyAsync(() -> reader.lines().toList()));
                }
                for (Process process : processes) { // every instance is ready: release them together
                    Writer go = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                    go.write("GO\n");
                    go.flush();
                }
                for (Process process : processes) {
                    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("instance finished in time").isTrue();
                    assertThat(process.exitValue()).isZero();
                }
            } finally {
                processes.forEach(Process::destroyForcibly);
            }

            List<String> lines = new ArrayList<>();
            for (CompletableFuture<List<String>> output : outputs) {
                lines.addAll(output.get(60, TimeUnit.SECONDS));
            }
            assertThat(lines).filteredOn(l -> l.startsWith("ERROR")).isEmpty();
            assertThat(lines).filteredOn(l -> l.equals("DONE")).hasSize(PROCESSES);
            List<String[]> results = lines.stream().filter(l -> l.startsWith("RESULT ")).map(l -> l.split(" ")).toList();
            assertThat(results).hasSize(PROCESSES * CALLERS_PER_PROCESS);

            Map<String, List<String>> winners = new HashMap<>();
            for (String[] result : results) {
                assertThat(result[3]).isIn("Booked", "Taken");
                if (result[3].equals("Booked")) {
                    winners.computeIfAbsent(result[1], seat -> new ArrayList<>()).add(result[2]);
                }
            }
            for (SeatState state : seats.listSeats(show)) {
                List<String> seatWinners = winners.getOrDefault(state.seat().number(), List.of());
                assertThat(seatWinners).as("winners of %s across %d processes", state.seat(), PROCESSES).hasSize(1);
                assertThat(state.owner().value()).isEqualTo(seatWinners.get(0));
            }
            TestTables.drop(pool, probe.dialect(), table);
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
