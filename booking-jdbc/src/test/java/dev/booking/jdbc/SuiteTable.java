package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * What a kit suite runs on: one pool and one table created fresh for the test class, with the
 * dialect detected once. Repositories are built on it through the public API, as an application
 * would build them.
 *
 * @param pool    the pool; {@link #close()} closes it
 * @param dialect the detected dialect
 * @param table   the table, created with the library's own DDL
 */
record SuiteTable(HikariDataSource pool, Dialect dialect, String table) implements AutoCloseable {

    /** Creates a fresh table for {@code testClass} on {@code pool}. */
    static SuiteTable create(HikariDataSource pool, Class<?> testClass) {
        Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
        String table = TestTables.fresh(pool, dialect, testClass);
        JdbcSeatRepository.builder(pool).table(table).dialect(dialect).build().createSchema();
        return new SuiteTable(pool, dialect, table);
    }

    /** A builder on this pool and table, with the dialect already known. */
    JdbcSeatRepository.Builder builder() {
        return JdbcSeatRepository.builder(pool).table(table).dialect(dialect);
    }

    @Override
    public void close() {
        pool.close();
    }
}
