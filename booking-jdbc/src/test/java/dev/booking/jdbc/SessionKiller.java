package dev.booking.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills a pool's server sessions over and over from its own connection: PostgreSQL
 * {@code pg_terminate_backend}, MariaDB {@code KILL CONNECTION}. Runs on a daemon thread until
 * {@link #close()}, pausing between rounds; the kill loop is bounded by its round count.
 */
final class SessionKiller implements AuditedRace.Fault {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger kills = new AtomicInteger();
    private final Thread thread;

    SessionKiller(String url, Dialect dialect, TrackedDataSource victims, long pauseMillis, int maxRounds) {
        thread = new Thread(() -> {
            try (Connection killer = DriverManager.getConnection(url)) {
                for (int round = 0; round < maxRounds && running.get(); round++) {
                    for (long id : victims.sessionIds()) {
                        if (kill(killer, dialect, id)) {
                            kills.incrementAndGet();
                        }
                    }
                    Thread.sleep(pauseMillis);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the session killer lost its own connection", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "session-killer");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean kill(Connection killer, Dialect dialect, long id) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement terminate = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, (int) id);
                try (var rs = terminate.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }
        try (Statement kill = killer.createStatement()) {
            kill.execute("KILL CONNECTION " + id); // id is a number the server gave us, not input
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1094) { // unknown thread id: that session is already gone
                return false;
            }
            throw e;
        }
    }

    /** Sessions killed so far. */
    int kills() {
        return kills.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
