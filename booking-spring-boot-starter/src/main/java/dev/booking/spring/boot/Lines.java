package dev.booking.spring.boot;

import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;

import org.springframework.util.ClassUtils;

import java.net.URI;

/** Opens the transport {@code booking.line.transport} names; a broker module's classes load only when chosen. */
final class Lines {

    private Lines() {
    }

    static LineTransport open(BookingProperties.Line line) {
        return switch (line.transport()) {
            case NONE -> throw new IllegalStateException("no line is configured");
            case IN_MEMORY -> InMemoryLine.builder().name(line.name()).partitions(line.partitions())
                    .capacity(line.capacity()).build();
            case REDIS -> {
                URI uri = requireUrl("booking.line.redis.url", line.redis().url(), "redis",
                        "redis://127.0.0.1:6379");
                requireModule("dev.booking.queue.redis.RedisLine", "redis", "booking-queue-redis");
                yield RedisLines.open(uri, line);
            }
            case RABBITMQ -> {
                URI uri = requireUrl("booking.line.rabbitmq.url", line.rabbitmq().url(), "rabbitmq",
                        "amqp://guest:guest@127.0.0.1:5672/%2F");
                requireModule("dev.booking.queue.rabbitmq.RabbitMqLine", "rabbitmq", "booking-queue-rabbitmq");
                yield RabbitMqLines.open(uri, line);
            }
        };
    }

    private static URI requireUrl(String property, String url, String transport, String example) {
        if (url == null || url.isBlank()) {
            throw new BookingConfigurationException(property, "booking.line.transport is " + transport
                    + " but " + property + " is not set", "Set it, e.g. " + property + "=" + example);
        }
        try {
            return URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new BookingConfigurationException(property, "is not a URI: " + e.getMessage(),
                    "Set it, e.g. " + property + "=" + example);
        }
    }

    private static void requireModule(String className, String transport, String artifact) {
        if (!ClassUtils.isPresent(className, Lines.class.getClassLoader())) {
            throw new BookingConfigurationException("booking.line.transport", "is " + transport + " but " + artifact
                    + " is not on the class path", "Add the dependency dev.booking:" + artifact);
        }
    }
}
