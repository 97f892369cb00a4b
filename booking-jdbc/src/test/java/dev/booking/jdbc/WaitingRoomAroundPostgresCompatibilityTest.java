package dev.booking.jdbc;

/** The kit on PostgreSQL through a waiting room. */
class WaitingRoomAroundPostgresCompatibilityTest extends WaitingRoomCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
