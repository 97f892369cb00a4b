package dev.booking.jdbc;

/** The kit on H2 through a waiting room. */
class WaitingRoomAroundH2CompatibilityTest extends WaitingRoomCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
