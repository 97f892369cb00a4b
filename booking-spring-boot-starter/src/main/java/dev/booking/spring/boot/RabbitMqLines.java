package dev.booking.spring.boot;

import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.rabbitmq.RabbitMqLine;

import java.net.URI;

/** The RabbitMQ line, in a class of its own so that booking-queue-rabbitmq loads only when chosen. */
final class RabbitMqLines {

    private RabbitMqLines() {
    }

    static LineTransport open(URI uri, BookingProperties.Line line) {
        return RabbitMqLine.builder(uri).name(line.name()).partitions(line.partitions()).capacity(line.capacity())
                .build();
    }
}
