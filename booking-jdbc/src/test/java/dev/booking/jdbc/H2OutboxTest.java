package dev.booking.jdbc;

/** The JDBC outbox's own tests on H2. */
class H2OutboxTest extends JdbcOutboxSuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
