package dev.booking.jdbc;

/** Rule 10 (hostile input) on MARIADB. */
class MariaDbHostileInputCompatibilityTest extends JdbcHostileInputCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
