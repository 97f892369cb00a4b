/**
 * The shared line on RabbitMQ: {@code dev.booking.queue.rabbitmq.RabbitMqLine}, a
 * {@link dev.booking.queue.line.spi.LineTransport} on quorum queues and a stream.
 */
module dev.booking.queue.rabbitmq {
    requires transitive dev.booking.queue;
    // the builder takes the application's ConnectionFactory
    requires transitive com.rabbitmq.client;
    requires org.slf4j;

    exports dev.booking.queue.rabbitmq;
}
