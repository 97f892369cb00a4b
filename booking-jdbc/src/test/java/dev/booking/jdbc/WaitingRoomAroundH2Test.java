package dev.booking.jdbc;

/** The kit on H2 through a waiting room. */
class WaitingRoomAroundH2Test extends WaitingRoomContractSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
