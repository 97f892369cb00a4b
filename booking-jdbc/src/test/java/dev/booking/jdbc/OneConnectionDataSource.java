package dev.booking.jdbc;

import dev.booking.testsupport.Proxies;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Lends the same physical connection every time and ignores {@code close()}, unlike a pool, which
 * would repair autocommit and isolation on return: tests see exactly the state the library left.
 */
final class OneConnectionDataSource implements DataSource, AutoCloseable {

    private final Connection physical;
    private final Connection lent;

    OneConnectionDataSource(Connection physical) {
        this.physical = physical;
        this.lent = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    return Proxies.forward(physical, method, args);
                });
    }

    @Override
    public Connection getConnection() {
        return lent;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return lent;
    }

    @Override
    public void close() throws SQLException {
        physical.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
