package dev.booking.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Each test class gets tables of its own, so that suites can run in any order, even together. */
final class TestTables {

    private TestTables() {
    }

    /** A table name derived from the test class, recreated empty. */
    static String fresh(DataSource dataSource, Dialect dialect, Class<?> testClass) {
        String name = ("t_" + testClass.getSimpleName().toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9_]", "");
        name = name.substring(0, Math.min(name.length(), 40));
        drop(dataSource, dialect, name);
        return name;
    }

    /** Drops the seat table {@code table} and its reference table. */
    static void drop(DataSource dataSource, Dialect dialect, String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + quoted(dialect, table));
            statement.execute("DROP TABLE IF EXISTS " + quoted(dialect, table + "_reference"));
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + table, e);
        }
    }

    private static String quoted(Dialect dialect, String table) {
        return dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? "`" + table + "`" : '"' + table + '"';
    }
}
