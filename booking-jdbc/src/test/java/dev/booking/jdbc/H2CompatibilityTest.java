package dev.booking.jdbc;

/** The compatibility kit on H2 with the library's defaults. */
class H2CompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
