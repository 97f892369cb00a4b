package dev.booking.jdbc;

/** Rule 10 (hostile input) on POSTGRESQL. */
class PostgresHostileInputTest extends JdbcHostileInputSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
