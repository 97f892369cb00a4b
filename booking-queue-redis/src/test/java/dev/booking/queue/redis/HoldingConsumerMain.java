package dev.booking.queue.redis;

import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.LineConsumer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process that takes deliveries and never acknowledges them, until the test kills it:
 * args redis-uri line-name partitions count. Prints {@code holding N} once it holds N deliveries.
 */
public final class HoldingConsumerMain {

    private HoldingConsumerMain() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        RedisLine line = RedisLine.builder(URI.create(args[0])).name(args[1]).partitions(Integer.parseInt(args[2])).build();
        int count = Integer.parseInt(args[3]);
        LineConsumer consumer = line.openConsumer("holder");
        List<Delivery> held = new ArrayList<>();
        while (held.size() < count) {
            held.addAll(consumer.poll(count - held.size(), Duration.ofMillis(200)));
        }
        System.out.println("holding " + held.size());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
