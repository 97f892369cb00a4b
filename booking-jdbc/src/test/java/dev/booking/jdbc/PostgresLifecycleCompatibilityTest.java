package dev.booking.jdbc;

/** The lifecycle rules of the compatibility kit on POSTGRESQL with the library's defaults. */
class PostgresLifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
