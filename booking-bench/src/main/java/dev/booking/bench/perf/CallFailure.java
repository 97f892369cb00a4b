package dev.booking.bench.perf;

import dev.booking.core.BookingException;

import java.sql.SQLException;

/**
 * What kind of failure reached a caller, read from the exception it was thrown: a deadlock or
 * serialization failure, a lock wait timeout, or anything else. Decided by the SQLState (and MySQL's
 * error code) of the first {@link SQLException} in the cause chain, else by the library's
 * {@link BookingException#failure()}; the kind starts the error's key in the run's tally, so that the
 * reports can count the deadlocks without a field of their own.
 */
enum CallFailure {
    /** The database aborted the transaction as a deadlock victim or for a serialization failure. */
    DEADLOCK("deadlock/serialization"),
    /** A lock was not granted in time. */
    LOCK_TIMEOUT("lock timeout"),
    /** Any other failure. */
    OTHER("error");

    /** MySQL's and MariaDB's "deadlock found when trying to get lock". */
    private static final int MYSQL_DEADLOCK = 1213;
    /** MySQL's and MariaDB's "lock wait timeout exceeded". */
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

    private final String label;

    CallFailure(String label) {
        this.label = label;
    }

    /** The kind of {@code failure}. */
    static CallFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || sql.getErrorCode() == MYSQL_DEADLOCK) {
                    return DEADLOCK;
                }
                // PostgreSQL's lock_not_available, H2's lock timeout, MySQL's lock wait timeout
                if (state.equals("55P03") || state.equals("HYT00") || sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT) {
                    return LOCK_TIMEOUT;
                }
                return OTHER;
            }
        }
        if (failure instanceof BookingException booking
                && booking.failure() == BookingException.Failure.TRANSIENT_CONFLICT) {
            return DEADLOCK; // the library's own word for a conflict whose driver exception was not kept
        }
        return OTHER;
    }

    /**
     * The key the failure is counted under: its kind, the SQLState if any, and the exception's class,
     * never its message, so that a run has a handful of keys, not one per seat.
     */
    static String key(Throwable failure) {
        String state = null;
        for (Throwable t = failure; t != null && state == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                state = sql.getSQLState();
            }
        }
        return of(failure).label + " (" + failure.getClass().getSimpleName()
                + (state == null ? "" : ", SQLState " + state) + ")";
    }

    /** Whether an error key of a run's tally counts failures of this kind. */
    boolean counts(String key) {
        return key.startsWith(label + " (");
    }
}
