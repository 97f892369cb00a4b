package dev.booking.jdbc;

import dev.booking.tck.CountdownFaults;
import dev.booking.tck.StoreFaults;
import dev.booking.testsupport.Proxies;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * Lends a pool's connections and makes their writes fail on demand, as its {@link #hook()} (the
 * kit's {@link StoreFaults} hook for JDBC) arms them. A write is a {@code commit()}, or, on a connection in autocommit (where the
 * single conditional UPDATE of {@code tryBook} runs, and no {@code commit()} is ever called), the
 * execution of a data-changing statement. A failed write throws before it reaches the database (a
 * failed commit rolls the transaction back first, as the server does when the connection breaks);
 * a write whose acknowledgement is lost is made, and then throws. Both throw an
 * {@link SQLException} with SQLState {@code 08006}, a broken connection, as a killed session would.
 */
final class FaultInjectingDataSource extends DelegatingDataSource {

    /** A connection failure: the outcome of what was sent is unknown to the client. */
    static final String CONNECTION_FAILURE = "08006";

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeUpdate", "executeLargeUpdate",
            "executeQuery", "executeBatch", "executeLargeBatch");
    // WITH: a data-modifying common table expression (the PostgreSQL tryBook with its outbox notice)
    private static final Set<String> WRITES = Set.of("UPDATE", "INSERT", "DELETE", "MERGE", "WITH");

    private final CountdownFaults hook;

    FaultInjectingDataSource(DataSource pool) {
        this(pool, new CountdownFaults());
    }

    /** A data source whose faults {@code hook} arms, shared with others (one per node of a cluster). */
    FaultInjectingDataSource(DataSource pool, CountdownFaults hook) {
        super(pool);
        this.hook = hook;
    }

    /** The kit's hook, which arms the faults this data source injects. */
    CountdownFaults hook() {
        return hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        return write(connection, method, args);
                    }
                    Object result = Proxies.forward(connection, method, args);
                    if (result instanceof Statement statement) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                        return statement(connection, statement, method.getReturnType(), sql);
                    }
                    return result;
                });
    }

    private Object statement(Connection connection, Statement statement, Class<?> type, String preparedSql) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            if (EXECUTIONS.contains(method.getName()) && isWrite(sql) && connection.getAutoCommit()) {
                return write(statement, method, args);
            }
            return Proxies.forward(statement, method, args);
        });
    }

    /** Makes one write: fails it, or makes it and loses its reply, or just makes it. */
    private Object write(Object target, Method method, Object[] args) throws Throwable {
        if (hook.shouldFailWrite()) {
            if (target instanceof Connection connection) {
                // as when the connection breaks before the commit arrives: the server rolls back, so
                // nothing is stored even if the caller went on to switch autocommit back on (which commits)
                connection.rollback();
            }
            throw new SQLException("injected by the test: the commit failed", CONNECTION_FAILURE);
        }
        Object result = Proxies.forward(target, method, args);
        if (hook.shouldLoseAcknowledgement()) {
            throw new SQLException("injected by the test: the write was made, its acknowledgement lost",
                    CONNECTION_FAILURE);
        }
        return result;
    }

    private static boolean isWrite(String sql) {
        if (sql == null) {
            return false;
        }
        String text = sql.stripLeading();
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return WRITES.contains(text.substring(0, end).toUpperCase(Locale.ROOT));
    }
}
