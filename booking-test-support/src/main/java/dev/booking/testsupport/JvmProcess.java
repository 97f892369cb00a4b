package dev.booking.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM started by a test, on the test's own class path, for what needs a real process: a
 * worker that is killed with {@code kill -9} in the middle of its work. Its output goes to a log
 * file (shown by {@link #log()} when a test fails), never to a pipe that could fill and stall it.
 */
public final class JvmProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM with this JVM's class path and java.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args      its arguments
     * @return the running process
     */
    public static JvmProcess start(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1"); // short-lived workers: start fast rather than peak
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("booking-" + mainClass.getSimpleName() + "-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new JvmProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass.getName(), e);
        }
    }

    /** The process id, for messages. */
    public long pid() {
        return process.pid();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it at once (SIGKILL on Unix): no shutdown hook, no finally block, no goodbye to the broker. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** Asks it to stop (SIGTERM: shutdown hooks run) and waits up to 20 seconds, then kills it. */
    public void stop() {
        process.destroy();
        if (!waitFor(20)) {
            kill();
        }
    }

    /** What it printed so far, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Whether it printed {@code line} (a whole line) so far; for waiting until it is ready. */
    public boolean printed(String line) {
        return log().lines().anyMatch(line::equals);
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills it if it still runs and deletes its log. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
