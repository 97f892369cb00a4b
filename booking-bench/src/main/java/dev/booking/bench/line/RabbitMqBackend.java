package dev.booking.bench.line;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.rabbitmq.RabbitMqLine;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ line ({@code booking-queue-rabbitmq}): each instance is a {@link RabbitMqLine} with its
 * own connection; deleting removes the line's quorum queues, its dead-letter queue and exchange,
 * and its ledger stream.
 */
final class RabbitMqBackend implements LineBackend {

    private final String url;
    private final String name;
    private final int partitions;
    private final long capacity;
    private final String version;

    private RabbitMqBackend(String url, String name, int partitions, long capacity, String version) {
        this.url = url;
        this.name = name;
        this.partitions = partitions;
        this.capacity = capacity;
        this.version = version;
    }

    /** Checks that the broker answers, with a connection closed at once. */
    static LineBackend open(String url, String name, int partitions, long capacity) {
        try (Connection connection = factory(url).newConnection("booking-race-probe")) {
            Object version = connection.getServerProperties().get("version");
            return new RabbitMqBackend(url, name, partitions, capacity, version == null ? "?" : version.toString());
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    @Override
    public LineTransport connect() {
        return RabbitMqLine.builder(URI.create(url)).name(name).partitions(partitions).capacity(capacity).build();
    }

    @Override
    public String description() {
        return "RabbitMQ " + version + " at " + BrokerUnreachableException.masked(url)
                + " (quorum queues, publisher confirms)";
    }

    @Override
    public String delete() {
        List<String> queues = new ArrayList<>();
        String prefix = "booking.line." + name + ".";
        for (int p = 0; p < partitions; p++) {
            queues.add(prefix + p);
        }
        queues.add(prefix + "dead");
        queues.add(prefix + "ledger");
        int deleted = 0;
        try (Connection connection = factory(url).newConnection("booking-race-cleanup")) {
            for (String queue : queues) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue); // a missing queue is no error in AMQP 0-9-1
                    deleted++;
                }
            }
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDelete(prefix + "dlx");
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "could not delete line " + name + " from RabbitMQ after " + deleted + " queues: " + e;
        }
        return "deleted RabbitMQ queues " + prefix + "{0.." + (partitions - 1) + ",dead,ledger} and exchange "
                + prefix + "dlx";
    }

    private static ConnectionFactory factory(String url) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (GeneralSecurityException | java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not an AMQP URI: " + BrokerUnreachableException.masked(url), e);
        }
        factory.setConnectionTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}
