package dev.booking.tck.line;

/** Starts worker JVMs on the fixture's broker and seat store, for the kit's rules that cross processes. */
public interface WorkerProcesses {

    /**
     * Starts a JVM running {@code LineWorkers} with {@code threads} threads on the line
     * {@code lineName} (opened with the partitions and capacity given, as {@link LineFixture#open}
     * would), deciding on the fixture's {@link LineFixture#seats() seat store}. It prints the line
     * {@code booking-line-worker: ready} once its workers have started; this method may return
     * before or after that line.
     *
     * @param lineName   the line
     * @param partitions its partitions
     * @param capacity   its capacity per partition
     * @param threads    worker threads in the process, at least 1
     * @return the process
     */
    WorkerProcess start(String lineName, int partitions, long capacity, int threads);
}
