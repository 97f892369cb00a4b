package dev.booking.bench;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * A data source in front of the benchmark's pool that tells {@link CallPhases} how long each call waited
 * for a connection ({@link #getConnection}) and how long its statements took to execute (every
 * {@code execute*} method of the statements its connections make). The library and the raw-JDBC baseline
 * get the same wrapper on the same pool, so it costs both sides alike (a reflective call per JDBC method,
 * well under a microsecond, against milliseconds per hot-seat call); the distinct-seats workload, where
 * that would show, does not use it.
 */
public final class PhaseTimingDataSource implements DataSource {

    private final DataSource pool;

    /** Times {@code pool}'s connections; the pool stays the caller's. */
    public PhaseTimingDataSource(DataSource pool) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long start = System.nanoTime();
        Connection connection = pool.getConnection();
        CallPhases.current().addPoolWait(System.nanoTime() - start);
        return timed(connection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        long start = System.nanoTime();
        Connection connection = pool.getConnection(username, password);
        CallPhases.current().addPoolWait(System.nanoTime() - start);
        return timed(connection);
    }

    private static Connection timed(Connection connection) {
        return (Connection) Proxy.newProxyInstance(PhaseTimingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object made = invoke(connection, method, args);
                    return made instanceof Statement statement ? timed(statement, method.getReturnType()) : made;
                });
    }

    /** A statement whose {@code execute*} methods add their time to the calling thread's {@link CallPhases}. */
    private static Object timed(Statement statement, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!method.getName().startsWith("execute")) {
                return invoke(statement, method, args);
            }
            long start = System.nanoTime();
            try {
                return invoke(statement, method, args);
            } finally {
                CallPhases.current().addStatement(System.nanoTime() - start);
            }
        };
        return Proxy.newProxyInstance(PhaseTimingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Calls {@code method} on {@code target}, rethrowing what it threw as itself. */
    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
