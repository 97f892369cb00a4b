package dev.booking.jdbc;

/** The compatibility kit on MARIADB with the library's defaults. */
class MariaDbSeatRepositoryTest extends JdbcContractSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
