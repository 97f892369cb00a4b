package dev.booking.jdbc;

/** The compatibility kit on POSTGRESQL with the library's defaults. */
class PostgresCompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
