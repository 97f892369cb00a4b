package dev.booking.jdbc;

/** The SQL adapter's own lifecycle tests on H2. */
class H2LifecycleTest extends JdbcLifecycleSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
