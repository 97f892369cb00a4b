package dev.booking.jdbc;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Remembers the server-side id of every connection it lends (PostgreSQL backend pid, MariaDB
 * connection id), so that a fault injector can kill exactly this pool's sessions and nobody else's.
 */
final class TrackedDataSource implements DataSource {

    private final DataSource pool;
    private final String idQuery;
    private final Set<Long> sessionIds = ConcurrentHashMap.newKeySet();

    TrackedDataSource(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.idQuery = dialect == Dialect.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
    }

    /** Every session id lent so far. */
    Set<Long> sessionIds() {
        return Set.copyOf(sessionIds);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(idQuery)) {
            rs.next();
            sessionIds.add(rs.getLong(1));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return pool.isWrapperFor(type);
    }
}
