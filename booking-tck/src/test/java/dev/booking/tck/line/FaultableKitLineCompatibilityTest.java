package dev.booking.tck.line;

import java.util.Set;

/**
 * The kit's own line with broker faults: connections that drop and a broker that is away for a
 * moment and comes back with what it held. Runs rule L5's code, which the in-memory line cannot,
 * on every build, not only where Redis and RabbitMQ run.
 */
class FaultableKitLineCompatibilityTest extends SharedLineContract {

    @Override
    protected LineFixture fixture() {
        return new KitLineFixture(Set.of(), true);
    }
}
