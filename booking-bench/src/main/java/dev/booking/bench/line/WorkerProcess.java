package dev.booking.bench.line;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM of a queued race: the harness's own class path started in its hidden
 * {@link WorkerMode worker mode}. Its output goes to a log file; it is stopped by closing its
 * standard input (it finishes its batch and exits), or killed if it does not stop in time.
 */
public final class WorkerProcess implements AutoCloseable {

    /** JVM options of a worker: a small heap and C1 only, which starts it faster than the full JIT. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final OutputStream stdin;
    private final Path log;
    private final long startedAt;
    private volatile long readyAfterNanos = -1;

    private WorkerProcess(Process process, Path log, long startedAt) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code java [JVM options] -cp <this class path> dev.booking.bench.Main worker <args>}.
     *
     * @param args the worker mode's options
     * @return the process, starting
     */
    public static WorkerProcess start(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.booking.bench.Main");
        command.add("worker");
        command.addAll(args);
        try {
            Path log = Files.createTempFile("booking-line-worker-", ".log");
            long startedAt = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new WorkerProcess(process, log, startedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker process", e);
        }
    }

    /**
     * Waits until it printed {@link WorkerMode#READY}.
     *
     * @return whether it did within {@code timeout}; false also if it exited first
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().lines().anyMatch(WorkerMode.READY::equals)) {
                readyAfterNanos = System.nanoTime() - startedAt;
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(20); // polling a log file: there is nothing to wait on
        }
        return false;
    }

    /** From starting the JVM to seeing it ready, once {@link #awaitReady} returned true; else negative. */
    public Duration readyAfter() {
        return Duration.ofNanos(readyAfterNanos);
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Asks it to stop by closing its standard input, and waits up to {@code timeout} for it to
     * finish its batch and exit; then sends SIGTERM, and after 10 more seconds kills it.
     *
     * @return its exit status, or -1 if it had to be killed
     */
    public int stop(Duration timeout) throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone: waiting below says so
        }
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroy();
        if (process.waitFor(10, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    /** Kills it if it still runs, and deletes its log. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    /** For messages. */
    @Override
    public String toString() {
        return "worker process " + process.pid() + " (log " + log + ")";
    }
}
