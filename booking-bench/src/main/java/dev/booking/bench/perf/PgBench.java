package dev.booking.bench.perf;

import dev.booking.core.ShowId;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's own load generator running the library's conditional UPDATE, as the ceiling this machine
 * and database reach without any Java in the path. Each pgbench client books its own run of free seats
 * (seat number {@code client_id * 10^7 + n}, n counting up per client), so every transaction is a win,
 * like a distinct-seats call. Per-transaction latency comes from pgbench's own log.
 *
 * @param executable the pgbench binary
 * @param version    what {@code pgbench --version} printed
 */
record PgBench(Path executable, String version) {

    /** Seat numbers per client: each client's seats are {@code client * STRIDE + 1 ...}. */
    static final long STRIDE = 10_000_000L;

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED =
            Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    /**
     * Finds pgbench: the given path, else {@code pgbench} on the PATH.
     *
     * @return empty if there is none or it does not run
     */
    static Optional<PgBench> locate(String explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(Path.of(explicit));
        } else {
            String path = System.getenv().getOrDefault("PATH", "");
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbench"));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                try {
                    Process process = new ProcessBuilder(candidate.toString(), "--version").redirectErrorStream(true)
                            .start();
                    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                        return Optional.of(new PgBench(candidate, out));
                    }
                } catch (IOException e) {
                    // not runnable: try the next candidate
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The seat numbers a run of {@code clients} clients with {@code transactions} each will book. */
    static List<String> seatNumbers(int clients, int transactions) {
        List<String> numbers = new ArrayList<>(clients * transactions);
        for (int client = 0; client < clients; client++) {
            for (int n = 1; n <= transactions; n++) {
                numbers.add(Long.toString(client * STRIDE + n));
            }
        }
        return numbers;
    }

    /**
     * The custom script: the library's statement with its four parameters replaced by pgbench variables.
     *
     * @throws IllegalStateException if the statement does not have exactly four parameters
     */
    static String script(String claim) {
        String[] names = {":owner", ":ref", ":show", ":seat"};
        StringBuilder sql = new StringBuilder();
        int parameter = 0;
        for (char c : claim.toCharArray()) {
            if (c == '?') {
                if (parameter == names.length) {
                    throw new IllegalStateException("the claim has more than four parameters: " + claim);
                }
                sql.append(names[parameter++]);
            } else {
                sql.append(c);
            }
        }
        if (parameter != names.length) {
            throw new IllegalStateException("the claim has " + parameter + " parameters, not four: " + claim);
        }
        return "\\set n :n + 1\n"
                + "\\set seat :client_id * " + STRIDE + " + :n\n"
                + sql + ";\n";
    }

    /**
     * What one pgbench run reported.
     *
     * @param tps         transactions per second, without connection time
     * @param processed   transactions processed
     * @param failed      failed transactions
     * @param latency     per-transaction latency in microseconds, from the log
     * @param output      pgbench's output, for the report when something went wrong
     */
    record Outcome(double tps, long processed, long failed, Histogram latency, String output) {
    }

    /**
     * Runs {@code transactions} claims on each of {@code clients} connections.
     *
     * @param url          where PostgreSQL is
     * @param claim        the library's statement
     * @param show         the show whose seats {@link #seatNumbers} were added
     * @param clients      pgbench clients (connections)
     * @param transactions transactions per client
     * @param workDir      a scratch folder for the script and the logs
     * @throws IllegalStateException if pgbench fails or its output cannot be read
     */
    Outcome run(PostgresUrl url, String claim, ShowId show, int clients, int transactions, Path workDir)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path script = workDir.resolve("claim.sql");
        Files.writeString(script, script(claim));
        Path logPrefix = workDir.resolve("tx");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-n", "-M", "prepared",
                "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients,
                        Runtime.getRuntime().availableProcessors())),
                "-t", Integer.toString(transactions), "-D", "n=0", "-D", "show=" + show.value(),
                "-D", "owner=pgbench", "-D", "ref=pgbench", "-f", script.toString(), "-l", "--log-prefix=" + logPrefix,
                "-h", url.host(), "-p", Integer.toString(url.port())));
        if (url.user() != null) {
            command.addAll(List.of("-U", url.user()));
        }
        command.add(url.database());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        if (url.password() != null) {
            env.put("PGPASSWORD", url.password()); // not on the command line, where ps would show it
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench failed: " + output.strip());
        }
        Histogram latency = readLogs(workDir);
        return new Outcome(parseDouble(TPS, output), parseLong(PROCESSED, output), parseLong(FAILED, output), latency,
                output);
    }

    private static Histogram readLogs(Path workDir) throws IOException {
        Histogram latency = new Histogram(3);
        List<Path> logs;
        try (Stream<Path> files = Files.list(workDir)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("tx.")).sorted(Comparator.naturalOrder())
                    .toList();
        }
        for (Path log : logs) {
            try (Stream<String> lines = Files.lines(log)) {
                // client_id transaction_no latency_us script_no epoch_s epoch_us
                lines.map(line -> line.split(" ")).filter(fields -> fields.length >= 3)
                        .forEach(fields -> latency.recordValue(Math.max(1, Long.parseLong(fields[2]))));
            }
            Files.delete(log);
        }
        return latency;
    }

    private static double parseDouble(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("unexpected pgbench output (no " + pattern + "): " + output.strip());
        }
        return Double.parseDouble(m.group(1));
    }

    private static long parseLong(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
