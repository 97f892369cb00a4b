package dev.booking.jdbc;

/** The compatibility kit on MYSQL with the library's defaults. */
class MySqlSeatRepositoryTest extends JdbcContractSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MYSQL;
    }
}
