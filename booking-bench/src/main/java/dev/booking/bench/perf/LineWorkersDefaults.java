package dev.booking.bench.perf;

/** The workers' settings every line workload uses, printed with the settings. */
final class LineWorkersDefaults {

    /** Requests a worker takes from its partition at once (and decides in one transaction on a SQL store). */
    static final int BATCH = 500;

    /** A capacity the line workloads never reach, so that a submit is never answered busy while measured. */
    static final long UNBOUNDED = 1_000_000;

    /** How long the runs wait for the workers to finish the tickets of a run. */
    static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofMinutes(2);

    private LineWorkersDefaults() {
    }
}
