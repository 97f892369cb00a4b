package dev.booking.tck.line;

/** A worker JVM started by {@link WorkerProcesses#start}. */
public interface WorkerProcess extends AutoCloseable {

    /** The line a worker process prints once its workers have started. */
    String READY = "booking-line-worker: ready";

    /** Kills the process at once (SIGKILL, {@code kill -9}): no shutdown hook, no graceful handover. */
    void kill();

    /** Stops the process gracefully (its workers finish the batch in hand and close), and waits for it. */
    void stop();

    /** Whether the process is still running. */
    boolean isAlive();

    /** What the process printed so far (stdout and stderr), for failure messages and the ready line. */
    String log();

    /** Stops the process if it is still running, by any means. */
    @Override
    void close();
}
