package dev.booking.jdbc;

/** The kit on PostgreSQL through a waiting room. */
class WaitingRoomAroundPostgresTest extends WaitingRoomContractSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
