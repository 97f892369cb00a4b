package dev.booking.queue.rabbitmq;

import dev.booking.core.BookingException;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport.AppendResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static dev.booking.queue.rabbitmq.RabbitMqLineTest.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broker faults: a connection cut under a line (through a proxy the test cuts, so the shared broker
 * is not touched), and a restart of a private broker node. Accepted requests survive both; the
 * line recovers by itself.
 */
class RabbitMqLineFaultTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aCutConnectionRecoversAndLosesNothing() throws Exception {
        URI shared = RabbitMqTestBroker.uri();
        String name = RabbitMqTestBroker.uniqueName("cut");
        try (TcpProxy proxy = new TcpProxy(shared.getHost(), shared.getPort())) {
            URI viaProxy = URI.create(shared.getScheme() + "://" + shared.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + shared.getRawPath());
            RabbitMqLine line = RabbitMqLine.builder(viaProxy).name(name).partitions(1).capacity(1000).build();
            RabbitMqLine direct = RabbitMqLine.builder(shared).name(name).partitions(1).capacity(1000).build();
            try {
                List<Ticket> accepted = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    accepted.add(appendSurely(line, envelope("F" + i)));
                }
                LineConsumer consumer = line.openConsumer("worker-cut");
                List<Delivery> inHand = RabbitMqLineTest.pollAll(consumer, 10);
                assertThat(inHand).hasSize(10);

                proxy.cut();

                for (int i = 10; i < 20; i++) {
                    accepted.add(appendSurely(line, envelope("F" + i)));
                }
                // every accepted request reaches the worker again (the ones in hand redelivered), and is settled once
                Set<Ticket> decided = new LinkedHashSet<>();
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!decided.containsAll(accepted) && System.nanoTime() < deadline) {
                    try {
                        List<Delivery> batch = consumer.poll(50, Duration.ofMillis(200));
                        if (batch.isEmpty()) {
                            continue;
                        }
                        Map<Ticket, TicketStatus> outcomes = new java.util.LinkedHashMap<>();
                        batch.forEach(d -> outcomes.put(d.ticket(), new TicketStatus.Refused(TicketStatus.Reason.TAKEN)));
                        line.ledger().settle(0, outcomes);
                        consumer.acknowledge(batch);
                        outcomes.keySet().forEach(decided::add);
                    } catch (BookingException recovering) {
                        Thread.sleep(100);
                    }
                }
                assertThat(decided).containsAll(accepted);
                consumer.close();
                Map<Ticket, TicketStatus> seen = eventually(() -> direct.ledger().statuses(accepted),
                        m -> m.values().stream().allMatch(TicketStatus::isFinal));
                assertThat(seen.values()).containsOnly(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
            } finally {
                line.close();
                direct.close();
                RabbitMqTestBroker.deleteLine(shared, name, 1);
            }
        }
    }

    @Test
    void confirmedRequestsSurviveABrokerRestart() {
        PrivateRabbitMq broker = PrivateRabbitMq.shared(); // the module's node: stopped when the JVM exits
        String name = RabbitMqTestBroker.uniqueName("restart");
        try {
            RabbitMqLine line = RabbitMqLine.builder(broker.uri()).name(name).partitions(2).capacity(1000).build();
            List<Ticket> accepted = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    accepted.add(appendSurely(line, envelope("R" + i), i % 2));
                }
                broker.restart();
                // the line that lived through the restart recovers and accepts again
                accepted.add(appendSurely(line, envelope("R20"), 0));
            } finally {
                line.close();
            }
            try (RabbitMqLine fresh = RabbitMqLine.builder(broker.uri()).name(name).partitions(2).capacity(1000).build()) {
                assertThat(fresh.ledger().statuses(accepted).values()).allSatisfy(
                        status -> assertThat(status).isInstanceOf(TicketStatus.Queued.class));
                Set<Ticket> delivered = new LinkedHashSet<>();
                try (LineConsumer consumer = fresh.openConsumer("worker-after-restart")) {
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (!delivered.containsAll(accepted) && System.nanoTime() < deadline) {
                        List<Delivery> batch = consumer.poll(50, Duration.ofMillis(200));
                        batch.forEach(d -> delivered.add(d.ticket()));
                        consumer.acknowledge(batch);
                    }
                }
                assertThat(delivered).containsExactlyInAnyOrderElementsOf(accepted);
            }
        } finally {
            RabbitMqTestBroker.deleteLine(broker.uri(), name, 2);
        }
    }

    private static Ticket appendSurely(RabbitMqLine line, Envelope envelope) {
        return appendSurely(line, envelope, 0);
    }

    /** Appends, retrying the same envelope (same ticket) while the line recovers. */
    private static Ticket appendSurely(RabbitMqLine line, Envelope envelope, int partition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                assertThat(line.append(partition, envelope)).isEqualTo(new AppendResult.Appended());
                return envelope.ticket();
            } catch (BookingException recovering) {
                if (System.nanoTime() > deadline) {
                    throw recovering;
                }
                sleep(200);
            }
        }
    }

    private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            sleep(100);
            value = read.get();
        }
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
