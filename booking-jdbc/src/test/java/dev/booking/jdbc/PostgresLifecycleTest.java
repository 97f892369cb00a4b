package dev.booking.jdbc;

/** The SQL adapter's own lifecycle tests on POSTGRESQL. */
class PostgresLifecycleTest extends JdbcLifecycleSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
