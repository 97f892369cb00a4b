package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.booking.testsupport.TestServers;

import java.net.URI;
import java.util.UUID;

/**
 * The shared RabbitMQ of the tests ({@code BOOKING_TEST_RABBITMQ_URL}), unique line names, and the
 * deletion of what a test declared: the broker is shared, so nothing may be left behind.
 */
final class RabbitMqTestBroker {

    private RabbitMqTestBroker() {
    }

    /** The shared broker's URI; skips (or, on CI, fails) the suite when it is not set. */
    static URI uri() {
        String url = System.getenv("BOOKING_TEST_RABBITMQ_URL");
        if (url == null || url.isBlank()) {
            throw TestServers.unavailable("RABBITMQ", "set BOOKING_TEST_RABBITMQ_URL", true);
        }
        return URI.create(url);
    }

    /** A line name no other test run uses. */
    static String uniqueName(String what) {
        return "test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes the queues, stream and exchange of line {@code name} with {@code partitions}. */
    static void deleteLine(URI uri, String name, int partitions) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            try (Connection connection = factory.newConnection("booking-test-cleanup")) {
                for (int p = 0; p < partitions; p++) {
                    delete(connection, "booking.line." + name + "." + p);
                }
                delete(connection, "booking.line." + name + ".dead");
                delete(connection, "booking.line." + name + ".ledger");
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete("booking.line." + name + ".dlx");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not delete line " + name + ": " + e, e);
        }
    }

    private static void delete(Connection connection, String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }
}
