package dev.booking.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lends a pool's connections and records every deadlock, serialization failure or lock wait
 * timeout that any statement or commit on them raises, before the library sees it. The library
 * retries such aborts inside multi-row operations, so a caller would never notice them; this is
 * how a test sees that they did not happen at all.
 */
final class ConflictRecordingDataSource extends DelegatingDataSource {

    private final List<SQLException> conflicts = new CopyOnWriteArrayList<>();

    ConflictRecordingDataSource(DataSource pool) {
        super(pool);
    }

    /** Every conflict raised so far. */
    List<SQLException> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Deadlock victims and serialization failures (40001, 40P01, MySQL 1213) and lock wait timeouts. */
    static boolean isConflict(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("HYT00")
                || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return (Connection) recording(pool.getConnection(), Connection.class);
    }

    private Object recording(Object target, Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof Statement statement && type == Connection.class) {
                return recording(statement, method.getReturnType());
            }
            return result;
        });
    }

    private Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql && isConflict(sql)) {
                conflicts.add(sql);
            }
            throw e.getCause();
        }
    }
}
