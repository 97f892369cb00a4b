package dev.booking.jdbc;

/** The JDBC outbox's own tests on POSTGRESQL. */
class PostgresOutboxTest extends JdbcOutboxSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
