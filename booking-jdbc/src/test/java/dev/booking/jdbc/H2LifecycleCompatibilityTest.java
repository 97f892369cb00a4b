package dev.booking.jdbc;

/** The lifecycle rules of the compatibility kit on H2 with the library's defaults. */
class H2LifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
