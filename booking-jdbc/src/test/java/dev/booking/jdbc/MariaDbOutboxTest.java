package dev.booking.jdbc;

/** The JDBC outbox's own tests on MARIADB. */
class MariaDbOutboxTest extends JdbcOutboxSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
