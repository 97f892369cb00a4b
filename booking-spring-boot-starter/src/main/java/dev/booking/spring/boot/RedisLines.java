package dev.booking.spring.boot;

import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.redis.RedisLine;

import java.net.URI;

/** The Redis line, in a class of its own so that booking-queue-redis loads only when chosen. */
final class RedisLines {

    private RedisLines() {
    }

    static LineTransport open(URI uri, BookingProperties.Line line) {
        return RedisLine.builder(uri).name(line.name()).partitions(line.partitions()).capacity(line.capacity()).build();
    }
}
