package dev.booking.jdbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The MariaDB Galera setting the library relies on, checked and never changed: with
 * {@code wsrep_sync_wait} below {@value #REQUIRED_SYNC_WAIT} (reads, and UPDATE and DELETE), a
 * node may answer from a state older than a commit made on another node moments before. Nothing
 * is ever booked twice (certification refuses the second write), but a read, or a tryBook that
 * loses, may see a seat as it was: such an answer is not linearizable.
 */
public final class GaleraSettings {

    /** The {@code wsrep_sync_wait} bits needed: 1 (SELECT, BEGIN) and 2 (UPDATE, DELETE). */
    public static final int REQUIRED_SYNC_WAIT = 3;

    private static final Logger LOG = LoggerFactory.getLogger(GaleraSettings.class);

    private GaleraSettings() {
    }

    /**
     * What to tell the application about these settings, or empty when there is nothing to say
     * (wsrep off: not a Galera node; or every needed bit set).
     */
    public static Optional<String> warning(boolean wsrepOn, int syncWait) {
        if (!wsrepOn || (syncWait & REQUIRED_SYNC_WAIT) == REQUIRED_SYNC_WAIT) {
            return Optional.empty();
        }
        return Optional.of("MariaDB Galera node with wsrep_sync_wait=" + syncWait + ": a read or a losing tryBook"
                + " may answer from before a commit made on another node (no seat is ever booked twice, but such"
                + " answers are stale). Set wsrep_sync_wait=" + REQUIRED_SYNC_WAIT + " (or a value with bits 1"
                + " and 2), in the pool's connection init SQL (SET SESSION wsrep_sync_wait = " + REQUIRED_SYNC_WAIT
                + ") or in every node's server configuration");
    }

    /**
     * Reads {@code @@wsrep_on} and {@code @@wsrep_sync_wait} on one connection borrowed from
     * {@code dataSource} (a SELECT: the session is left as it was) and returns {@link #warning}.
     * Never throws: a server without these variables, or one that cannot be reached, has nothing to say.
     */
    public static Optional<String> check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet settings = statement.executeQuery("SELECT @@wsrep_on, @@wsrep_sync_wait")) {
            return settings.next() ? warning(settings.getBoolean(1), settings.getInt(2)) : Optional.empty();
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@link #check} and, if it has something to say, one WARN. */
    public static void warnIfTooLow(DataSource dataSource) {
        check(dataSource).ifPresent(LOG::warn);
    }
}
