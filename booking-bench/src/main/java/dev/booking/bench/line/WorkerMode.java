package dev.booking.bench.line;

import dev.booking.bench.CommandLine;
import dev.booking.bench.SqlStore;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.spi.LineTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hidden {@code worker} mode of the harness's jar: one worker process of a queued race,
 * {@code java -jar booking-bench.jar worker --queue redis --line NAME --jdbc-url URL --threads T}.
 * It opens the seat store and the line, starts {@link LineWorkers}, prints {@value #READY}, and
 * decides until its standard input closes (the race closes it, or the race's JVM died) or it gets
 * SIGTERM; then it finishes the batch in hand and exits with status 0.
 */
public final class WorkerMode {

    /** The line a worker process prints once its workers run. */
    public static final String READY = "booking-line-worker: ready";

    private WorkerMode() {
    }

    /**
     * Options of the worker mode.
     *
     * @param queue      the broker
     * @param queueUrl   its URL, or null for the default
     * @param line       the line's name
     * @param partitions the line's partitions
     * @param capacity   the line's capacity per partition
     * @param jdbcUrl    the seat store
     * @param dbUser     its user, or null
     * @param dbPassword its password, or null
     * @param table      the seat table
     * @param threads    worker threads
     * @param name       the worker name's prefix
     * @param notices    whether the workers decide on the repository with the outbox and write the
     *                   notices of refused and failed requests to it ({@code --notify})
     */
    record Options(BrokerKind queue, String queueUrl, String line, int partitions, long capacity, String jdbcUrl,
                   String dbUser, String dbPassword, String table, int threads, String name, boolean notices) {

        Options {
            if (queue == null || line == null || jdbcUrl == null || table == null) {
                throw new IllegalArgumentException("worker needs --queue, --line, --jdbc-url and --table");
            }
            if (threads < 1 || partitions < 1 || capacity < 1) {
                throw new IllegalArgumentException("--threads, --partitions and --capacity must be at least 1");
            }
        }

        /** Parses the worker mode's command line. */
        static Options parse(List<String> args) {
            BrokerKind queue = null;
            String queueUrl = null;
            String line = null;
            int partitions = 1;
            long capacity = 10_000;
            String jdbcUrl = null;
            String dbUser = null;
            String dbPassword = null;
            String table = null;
            int threads = 1;
            String name = "worker";
            boolean notices = false;
            CommandLine command = new CommandLine(args);
            while (command.hasNext()) {
                String option = command.next();
                switch (option) {
                    case "--queue" -> queue = BrokerKind.parse(command.text(option));
                    case "--queue-url" -> queueUrl = command.text(option);
                    case "--line" -> line = command.text(option);
                    case "--partitions" -> partitions = command.number(option);
                    case "--capacity" -> capacity = command.number(option);
                    case "--jdbc-url" -> jdbcUrl = command.text(option);
                    case "--db-user" -> dbUser = command.text(option);
                    case "--db-password" -> dbPassword = command.text(option);
                    case "--table" -> table = command.text(option);
                    case "--threads" -> threads = command.number(option);
                    case "--name" -> name = command.text(option);
                    case "--notify" -> notices = true;
                    default -> throw CommandLine.unknown(option);
                }
            }
            return new Options(queue, queueUrl, line, partitions, capacity, jdbcUrl, dbUser, dbPassword, table,
                    threads, name, notices);
        }
    }

    /**
     * Runs a worker process until {@code stdin} ends; returns the exit status (2 for a bad command
     * line, 4 if the store or the broker could not be reached, 3 if it stopped on an error).
     */
    public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("worker: " + e.getMessage());
            return 2;
        }
        SqlStore store;
        try {
            store = SqlStore.open(options.jdbcUrl(), options.dbUser(), options.dbPassword(), options.threads() + 2,
                    options.table());
        } catch (RuntimeException e) {
            err.println("worker: " + e.getMessage());
            return 4;
        }
        LineTransport transport;
        try {
            transport = Brokers.connect(options.queue(), options.queueUrl(), options.line(), options.partitions(),
                    options.capacity());
        } catch (RuntimeException e) {
            err.println("worker: " + e.getMessage());
            store.close();
            return 4;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        LineWorkers.Builder builder = LineWorkers.builder(transport,
                        options.notices() ? store.repositoryWithOutbox() : store.repository())
                .threads(options.threads())
                .workerName(options.name());
        LineWorkers workers = (options.notices() ? builder.notices(store.outbox()) : builder).build();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    workers.close(); // graceful: the batch in hand is finished and acknowledged
                } finally {
                    transport.close();
                    store.close();
                }
            }
        };
        Thread hook = new Thread(stop, "booking-line-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook); // SIGTERM stops as gracefully as a closed stdin
        try {
            workers.start();
            out.println(READY);
            out.flush();
            waitForEnd(stdin);
            out.println("booking-line-worker: stopping, " + workers.stats());
            stop.run();
            out.println("booking-line-worker: stopped");
            return 0;
        } catch (RuntimeException e) {
            err.println("worker: stopped by an error: " + BrokerUnreachableException.masked(e.toString()));
            stop.run();
            return 3;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs, or ran, stop itself
            }
        }
    }

    private static void waitForEnd(InputStream stdin) {
        byte[] buffer = new byte[256];
        try {
            while (stdin.read(buffer) >= 0) {
                // anything written is ignored: only the end of input says stop
            }
        } catch (IOException e) {
            // a broken pipe says the same as its end
        }
    }
}
