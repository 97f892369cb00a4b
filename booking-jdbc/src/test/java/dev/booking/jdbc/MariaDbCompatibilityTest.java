package dev.booking.jdbc;

/** The compatibility kit on MARIADB with the library's defaults. */
class MariaDbCompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
