package dev.booking.bench;

/**
 * What one call spent, on its own thread, waiting for a pooled connection and executing statements:
 * summed by {@link PhaseTimingDataSource} while the call runs, read by {@link Round} when it returns.
 * One instance per thread, reset at the start of each call; a call that never touches a
 * {@link PhaseTimingDataSource} (MongoDB) reads zero statements.
 */
public final class CallPhases {

    private static final ThreadLocal<CallPhases> CURRENT = ThreadLocal.withInitial(CallPhases::new);

    private long poolNanos;
    private long statementNanos;
    private int statements;

    private CallPhases() {
    }

    /** This thread's tally, emptied: call it as the call starts. */
    public static CallPhases begin() {
        CallPhases phases = CURRENT.get();
        phases.poolNanos = 0;
        phases.statementNanos = 0;
        phases.statements = 0;
        return phases;
    }

    /** This thread's tally, as the timing data source adds to it. */
    static CallPhases current() {
        return CURRENT.get();
    }

    void addPoolWait(long nanos) {
        poolNanos += nanos;
    }

    void addStatement(long nanos) {
        statementNanos += nanos;
        statements++;
    }

    /** Time spent in {@code DataSource.getConnection}, summed since {@link #begin}. */
    public long poolNanos() {
        return poolNanos;
    }

    /** Time spent in statements' {@code execute*} methods, summed since {@link #begin}. */
    public long statementNanos() {
        return statementNanos;
    }

    /** Statements executed since {@link #begin}: the call's round trips to the database. */
    public int statements() {
        return statements;
    }
}
