package dev.booking.jdbc.internal;

import dev.booking.core.BookingException.Failure;
import dev.booking.core.BookingException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies database errors by SQLState and vendor code, never by driver class names, so that
 * every driver of a database is treated alike.
 */
public final class FailureTranslator {

    private static final int MYSQL_DEADLOCK = 1213;
    /** H2's vendor code for a deadlock (its SQLState is the generic 40001). */
    private static final int H2_DEADLOCK = 40001;
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MYSQL_QUERY_TIMEOUT = 3024;
    private static final int MARIADB_STATEMENT_TIMEOUT = 1969;
    private static final int MYSQL_CONNECTION_KILLED = 1927;
    private static final int MYSQL_SERVER_SHUTDOWN = 1053;
    /**
     * "Got error N during COMMIT": on a Galera node, a commit whose replication failed because the
     * node lost the cluster's primary component; whether it reached the cluster is unknown.
     */
    private static final int MYSQL_ERROR_DURING_COMMIT = 1180;

    private FailureTranslator() {
    }

    /** Wraps {@code failure} into the contract's exception, classified from the first SQLException in its causes. */
    public static BookingException translate(String action, RuntimeException failure) {
        SQLException sql = firstSqlException(failure);
        Failure kind = sql == null ? Failure.UNEXPECTED : classify(sql);
        return new BookingException(kind, action + " failed (" + kind + "): " + describe(sql, failure), failure);
    }

    /**
     * The failure kind of one SQLException. On a MariaDB Galera cluster, a certification failure
     * (another node's write set certified first) is error 1213, SQLState 40001, as a deadlock
     * victim, and a node that is not part of the primary component answers 1047 with SQLState
     * 08S01 ("WSREP has not yet prepared node for application use"), a connection failure.
     */
    public static Failure classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        if (state.equals("40001") || state.equals("40P01") || code == MYSQL_DEADLOCK) {
            return Failure.TRANSIENT_CONFLICT; // serialization failure or deadlock: rolled back
        }
        if (code == MYSQL_LOCK_WAIT_TIMEOUT || state.equals("55P03") || state.equals("HYT00")) {
            return Failure.TRANSIENT_CONFLICT; // lock not available in time: the statement was rolled back
        }
        if (state.equals("25006")) {
            // read_only_sql_transaction: the connection reached a standby (a failover demoted its
            // server, or a URL without targetServerType=primary); the right server is elsewhere
            return Failure.CONNECTION;
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || code == MYSQL_CONNECTION_KILLED || code == MYSQL_SERVER_SHUTDOWN || code == MYSQL_ERROR_DURING_COMMIT
                || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return Failure.CONNECTION;
        }
        if (state.equals("57014") || code == MYSQL_QUERY_TIMEOUT || code == MARIADB_STATEMENT_TIMEOUT
                || e instanceof SQLTimeoutException) {
            return Failure.TIMEOUT;
        }
        return Failure.UNEXPECTED;
    }

    /**
     * Whether the database aborted the transaction behind {@code failure} as a deadlock victim or
     * for a serialization failure (SQLState {@code 40001}, {@code 40P01}, MySQL {@code 1213}): it
     * was rolled back whole, and running it again is safe. Lock wait timeouts are not included;
     * they follow the repository's retry policy.
     */
    public static boolean abortedForConflict(Throwable failure) {
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        return state.equals("40001") || state.equals("40P01") || sql.getErrorCode() == MYSQL_DEADLOCK;
    }

    /**
     * Whether the database rolled back the statement or transaction behind {@code failure} as a
     * deadlock victim: PostgreSQL {@code 40P01}, MySQL and MariaDB error {@code 1213}, H2 error
     * {@code 40001}. Unlike a serialization failure, a deadlock is never how a race's loser is told,
     * so running it again is always the right answer.
     */
    public static boolean deadlockVictim(Throwable failure) {
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        return state.equals("40P01") || sql.getErrorCode() == MYSQL_DEADLOCK
                || (state.equals("40001") && sql.getErrorCode() == H2_DEADLOCK);
    }

    private static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(SQLException sql, RuntimeException failure) {
        if (sql == null) {
            return String.valueOf(failure.getMessage());
        }
        return "SQLState " + sql.getSQLState() + ", code " + sql.getErrorCode() + ": " + sql.getMessage();
    }
}
