package dev.booking.jdbc;

/** Rule 10 (hostile input) on POSTGRESQL. */
class PostgresHostileInputCompatibilityTest extends JdbcHostileInputCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
