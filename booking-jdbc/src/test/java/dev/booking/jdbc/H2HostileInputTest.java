package dev.booking.jdbc;

/** Rule 10 (hostile input) on H2. */
class H2HostileInputTest extends JdbcHostileInputSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
