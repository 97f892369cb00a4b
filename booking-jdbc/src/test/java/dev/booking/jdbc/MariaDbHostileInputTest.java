package dev.booking.jdbc;

/** Rule 10 (hostile input) on MARIADB. */
class MariaDbHostileInputTest extends JdbcHostileInputSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
