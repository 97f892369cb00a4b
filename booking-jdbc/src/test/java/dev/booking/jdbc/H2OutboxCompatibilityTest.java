package dev.booking.jdbc;

import dev.booking.tck.outbox.OutboxContract;
import dev.booking.tck.outbox.OutboxFixture;

/** The outbox kit on H2: a fresh seat table and outbox table of random names per rule, dropped after it. */
class H2OutboxCompatibilityTest extends OutboxContract {

    @Override
    protected OutboxFixture newFixture() {
        return new OutboxTables(TestDatabase.H2);
    }
}
