package dev.booking.queue.redis;

import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.testsupport.JvmProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 of a worker process that holds a partition with deliveries in hand: another takes them over within the lease. */
class RedisLineTakeoverTest {

    @Test
    void aKilledWorkersPartitionIsTakenOverWithItsPendingDeliveriesWithinTheLease() throws Exception {
        URI redis = RedisTestLines.sharedRedis();
        String name = RedisTestLines.uniqueName("takeover");
        try (RedisLine line = RedisLine.builder(redis).name(name).partitions(1).build();
             JvmProcess worker = JvmProcess.start(HoldingConsumerMain.class, redis.toString(), name, "1", "5")) {
            List<Envelope> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Envelope envelope = RedisTestLines.envelope("s", "A" + i);
                line.append(0, envelope);
                sent.add(envelope);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!worker.printed("holding 5")) {
                assertThat(worker.isAlive()).as(worker.log()).isTrue();
                assertThat(System.nanoTime()).as("worker never held the deliveries: " + worker.log()).isLessThan(deadline);
                Thread.sleep(50); // waiting for another process's output: nothing to await but its log
            }
            try (LineConsumer survivor = line.openConsumer("survivor")) {
                assertThat(survivor.poll(5, Duration.ofMillis(300))).as("the partition is still held").isEmpty();
                worker.kill();
                long killed = System.nanoTime();
                List<Delivery> taken = new ArrayList<>();
                while (taken.isEmpty() && System.nanoTime() - killed < Duration.ofSeconds(30).toNanos()) {
                    taken.addAll(survivor.poll(5, Duration.ofMillis(100)));
                }
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("booking: Redis line takeover after kill -9 took " + takeover.toMillis()
                        + " ms (lease " + line.leaseTime().toMillis() + " ms)");
                assertThat(taken).extracting(Delivery::ticket)
                        .containsExactlyElementsOf(sent.stream().map(Envelope::ticket).toList());
                assertThat(taken).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
                survivor.acknowledge(taken);
            }
        } finally {
            RedisTestLines.deleteLine(redis, name);
        }
    }
}
