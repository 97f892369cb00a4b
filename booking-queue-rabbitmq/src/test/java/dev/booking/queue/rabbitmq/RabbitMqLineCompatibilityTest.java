package dev.booking.queue.rabbitmq;

import dev.booking.tck.line.LineFixture;
import dev.booking.tck.line.SharedLineContract;

/** The queue kit on RabbitMQ: quorum queues, the ledger stream, worker processes, broker faults. */
class RabbitMqLineCompatibilityTest extends SharedLineContract {

    @Override
    protected LineFixture fixture() {
        return new RabbitMqLineFixture();
    }
}
