package dev.booking.jdbc;

/** The compatibility kit on POSTGRESQL with the library's defaults. */
class PostgresSeatRepositoryTest extends JdbcContractSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
