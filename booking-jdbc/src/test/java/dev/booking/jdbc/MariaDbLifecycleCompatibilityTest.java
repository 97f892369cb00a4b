package dev.booking.jdbc;

/** The lifecycle rules of the compatibility kit on MARIADB with the library's defaults. */
class MariaDbLifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
