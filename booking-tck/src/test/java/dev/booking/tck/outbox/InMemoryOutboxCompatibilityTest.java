package dev.booking.tck.outbox;

/** The in-memory repository and outbox, the reference, pass the outbox kit. */
class InMemoryOutboxCompatibilityTest extends OutboxContract {

    @Override
    protected OutboxFixture newFixture() {
        return new InMemoryOutboxFixture();
    }
}
