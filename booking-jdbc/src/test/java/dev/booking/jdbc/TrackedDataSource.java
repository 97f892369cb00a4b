package dev.booking.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the server-side id of every connection it lends (PostgreSQL backend pid, MariaDB
 * connection id), so that a fault injector can kill exactly this pool's sessions and nobody else's.
 */
final class TrackedDataSource extends DelegatingDataSource {

    private final String idQuery;
    private final Set<Long> sessionIds = ConcurrentHashMap.newKeySet();

    TrackedDataSource(DataSource pool, Dialect dialect) {
        super(pool);
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
}
