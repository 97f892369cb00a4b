package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport.AppendResult;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broker faults on a private redis-server: a crash and restart with and without persistence, and
 * dropped connections.
 */
class RedisLineFaultTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    @BeforeEach
    void needsRedisServer() {
        if (!PrivateRedis.available()) {
            throw TestServers.unavailable("REDIS", "put redis-server on the PATH (the fault tests start their own)", true);
        }
    }

    private static List<Delivery> pollUntil(LineConsumer consumer, int count) {
        List<Delivery> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            try {
                got.addAll(consumer.poll(count - got.size(), WAIT));
            } catch (BookingException reconnecting) {
                // the workers back off and poll again: so does the test
            }
        }
        return got;
    }

    /** Polls and acknowledges batch by batch, as a worker does, until {@code count} arrived. */
    private static List<Delivery> drain(LineConsumer consumer, int count) {
        List<Delivery> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            try {
                List<Delivery> batch = consumer.poll(count - got.size(), WAIT);
                consumer.acknowledge(batch);
                got.addAll(batch);
            } catch (BookingException reconnecting) {
                // the workers back off and poll again: so does the test
            }
        }
        return got;
    }

    private static List<Envelope> appendSome(RedisLine line, int count) {
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope envelope = RedisTestLines.envelope("s", "A" + i);
            assertThat(line.append(0, envelope)).isInstanceOf(AppendResult.Appended.class);
            sent.add(envelope);
        }
        return sent;
    }

    @Test
    void withAppendFsyncAlwaysAcceptedAppendsSurviveAKillAndRestart() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(true);
             RedisLine line = RedisLine.builder(redis.uri()).name("crash").partitions(1).build()) {
            List<Envelope> sent = appendSome(line, 20);
            LineConsumer consumer = line.openConsumer("w1");
            List<Delivery> before = pollUntil(consumer, 5);
            consumer.acknowledge(before.subList(0, 2));
            redis.kill();
            redis.restart();
            // the same transport and consumer carry on over new connections
            for (Envelope envelope : sent.subList(2, 20)) {
                assertThat(line.ledger().status(envelope.ticket())).isInstanceOf(TicketStatus.Queued.class);
            }
            List<Delivery> after = drain(consumer, 18);
            assertThat(after).extracting(Delivery::ticket)
                    .containsExactlyElementsOf(sent.subList(2, 20).stream().map(Envelope::ticket).toList());
            assertThat(after.subList(0, 3)).as("delivered before the crash, not acknowledged")
                    .allSatisfy(d -> assertThat(d.attempt()).isGreaterThan(1));
            assertThat(line.append(0, RedisTestLines.envelope("s", "B1"))).isInstanceOf(AppendResult.Appended.class);
            consumer.close();
        }
    }

    @Test
    void withoutPersistenceARestartLosesTheLine() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(false);
             RedisLine line = RedisLine.builder(redis.uri()).name("volatile").partitions(1).build()) {
            List<Envelope> sent = appendSome(line, 5);
            redis.kill();
            redis.restart();
            assertThat(line.ledger().status(sent.get(0).ticket()))
                    .as("documented: no persistence, nothing survives").isInstanceOf(TicketStatus.Unknown.class);
            // the line itself recovers: the consumer group is made again
            Envelope next = RedisTestLines.envelope("s", "B1");
            assertThat(line.append(0, next)).isInstanceOf(AppendResult.Appended.class);
            try (LineConsumer consumer = line.openConsumer("w1")) {
                assertThat(pollUntil(consumer, 1)).extracting(Delivery::ticket).containsExactly(next.ticket());
            }
        }
    }

    @Test
    void droppedConnectionsAreReplacedAndNothingIsLost() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(true);
             RedisLine line = RedisLine.builder(redis.uri()).name("drops").partitions(1).clientName("drop-me").build()) {
            List<Envelope> sent = appendSome(line, 10);
            LineConsumer consumer = line.openConsumer("w1");
            List<Delivery> first = pollUntil(consumer, 4);
            consumer.acknowledge(first);
            assertThat(redis.killClients("drop-me")).isPositive();
            // appends are repeated on a fresh connection
            List<Envelope> more = appendSome(line, 5);
            List<Delivery> rest = drain(consumer, 11);
            List<dev.booking.queue.line.Ticket> expected = new ArrayList<>();
            sent.subList(4, 10).forEach(e -> expected.add(e.ticket()));
            more.forEach(e -> expected.add(e.ticket()));
            assertThat(rest).extracting(Delivery::ticket).containsExactlyElementsOf(expected);
            assertThat(redis.killClients("drop-me")).isPositive();
            assertThat(line.ledger().status(more.get(0).ticket())).isInstanceOf(TicketStatus.Queued.class);
            consumer.close();
        }
    }
}
