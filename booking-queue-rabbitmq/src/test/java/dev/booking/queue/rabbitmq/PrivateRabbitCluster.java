package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.Address;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

/**
 * A RabbitMQ cluster of private nodes on the loopback interface (one Erlang cookie, ports from
 * {@link ReservedPorts}): the nodes boot at once, then all but the first join the first with
 * {@code rabbitmqctl join_cluster}.
 */
final class PrivateRabbitCluster implements AutoCloseable {

    /** A thread per node: the common pool has a single thread on two cores, which would boot them one by one. */
    private static final Executor OWN_THREAD = task -> new Thread(task, "private-rabbitmq-cluster").start();

    private final List<PrivateRabbitMq> nodes;

    private PrivateRabbitCluster(List<PrivateRabbitMq> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts a cluster of {@code size} nodes, or skips the calling test where RabbitMQ is not installed. */
    static PrivateRabbitCluster start(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("size must be at least 2, was " + size);
        }
        String cookie = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        List<PrivateRabbitMq> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(PrivateRabbitMq.prepare(ReservedPorts.nextNode(), cookie));
        }
        PrivateRabbitCluster cluster = new PrivateRabbitCluster(nodes);
        try {
            all(IntStream.range(0, size).mapToObj(i -> CompletableFuture.runAsync(nodes.get(i)::boot, OWN_THREAD)).toList());
            all(IntStream.range(1, size).mapToObj(i -> CompletableFuture.runAsync(() -> nodes.get(i).joinCluster(nodes.get(0)), OWN_THREAD)).toList());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static void all(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** The nodes, the first being the one the others joined. */
    List<PrivateRabbitMq> nodes() {
        return nodes;
    }

    /** Every node's AMQP address. */
    List<Address> addresses() {
        return nodes.stream().map(node -> new Address("127.0.0.1", node.port())).toList();
    }

    /** The node listening on {@code port}. */
    PrivateRabbitMq nodeOnPort(int port) {
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("port is no node's: " + port));
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (PrivateRabbitMq node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
