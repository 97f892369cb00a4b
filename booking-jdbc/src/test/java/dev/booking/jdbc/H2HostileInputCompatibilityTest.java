package dev.booking.jdbc;

/** Rule 10 (hostile input) on H2. */
class H2HostileInputCompatibilityTest extends JdbcHostileInputCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
