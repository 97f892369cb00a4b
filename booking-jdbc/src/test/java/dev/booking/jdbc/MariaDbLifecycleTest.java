package dev.booking.jdbc;

/** The SQL adapter's own lifecycle tests on MARIADB. */
class MariaDbLifecycleTest extends JdbcLifecycleSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
