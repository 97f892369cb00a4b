package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.booking.core.BookingException;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.LineConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker's consumer: one channel subscribed to every partition queue with manual acks. Each
 * queue has a single active consumer, so the broker delivers a partition to this consumer only
 * while it is the active one, and hands the partition, unacknowledged deliveries first, to the next
 * waiting consumer as soon as this channel closes (or its connection does: a killed process closes
 * its socket). Deliveries wait in one buffer per partition until {@link #poll}.
 */
final class RabbitMqConsumer implements LineConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqConsumer.class);
    private static final String DELIVERY_COUNT = "x-delivery-count";

    private final RabbitMqLine line;
    private final Channel channel;
    private final String workerId;
    private final ArrayDeque<Delivery>[] buffers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private int next;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    RabbitMqConsumer(RabbitMqLine line, Channel channel, String workerId, int prefetch) throws IOException {
        this.line = line;
        this.channel = channel;
        this.workerId = workerId;
        this.buffers = new ArrayDeque[line.partitions()];
        for (int p = 0; p < buffers.length; p++) {
            buffers[p] = new ArrayDeque<>();
        }
        channel.basicQos(prefetch);
        // Deliveries buffered before a channel or connection failure carry delivery tags that the
        // recovered channel no longer knows: forget them; the broker delivers them again.
        channel.addShutdownListener(this::forgetBuffered);
    }

    /** Subscribes to {@code partition}'s queue (as active consumer or as a waiting one). */
    void subscribe(int partition) throws IOException {
        if (closed) {
            return;
        }
        channel.basicConsume(line.queueName(partition), false, workerId + "#" + partition, false, false, Map.of(),
                new PartitionConsumer(partition));
    }

    @Override
    public List<Delivery> poll(int max, Duration wait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Arguments.requirePresent("wait", wait);
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        lock.lock();
        try {
            while (!closed) {
                for (int i = 0; i < buffers.length; i++) {
                    int partition = (next + i) % buffers.length;
                    ArrayDeque<Delivery> buffer = buffers[partition];
                    if (!buffer.isEmpty()) {
                        List<Delivery> batch = new ArrayList<>(Math.min(max, buffer.size()));
                        while (batch.size() < max && !buffer.isEmpty()) {
                            batch.add(buffer.poll());
                        }
                        next = partition + 1;
                        return batch;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
        if (!closed && !channel.isOpen()) {
            throw new BookingException(BookingException.Failure.CONNECTION,
                    "the RabbitMQ channel of worker " + workerId + " is closed (recovering?)");
        }
        return List.of();
    }

    @Override
    public void acknowledge(List<Delivery> decided) {
        Arguments.requirePresent("decided", decided);
        try {
            for (Delivery delivery : decided) {
                channel.basicAck((Long) delivery.receipt(), false);
            }
        } catch (IOException | ShutdownSignalException e) {
            // not acknowledged: the broker delivers them again, and their tickets are settled already
            throw new BookingException(BookingException.Failure.CONNECTION, "could not acknowledge: " + e.getMessage(), e);
        }
    }

    @Override
    public void deadLetter(Delivery delivery, String why) {
        Arguments.requirePresent("delivery", delivery);
        Arguments.requirePresent("why", why);
        line.publishDead(delivery, why);
        acknowledge(List.of(delivery));
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            // closing the channel returns its unacknowledged deliveries and activates the next consumer
            channel.close();
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException ignored) {
                // gone already
            }
        }
        line.forget(this);
    }

    private void forgetBuffered(ShutdownSignalException cause) {
        lock.lock();
        try {
            for (ArrayDeque<Delivery> buffer : buffers) {
                buffer.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    private void accept(int partition, long tag, AMQP.BasicProperties properties, byte[] body) throws IOException {
        Optional<Ticket> ticket = Ticket.parse(properties.getMessageId());
        if (ticket.isEmpty()) {
            // no ticket to settle: straight to the dead-letter queue for an operator
            LOG.warn("line {} partition {}: a message without a ticket id went to the dead-letter queue", line.name(), partition);
            channel.basicReject(tag, false);
            return;
        }
        Object count = properties.getHeaders() == null ? null : properties.getHeaders().get(DELIVERY_COUNT);
        int attempt = count instanceof Number number ? (int) Math.min(Integer.MAX_VALUE - 1, number.longValue()) + 1 : 1;
        Delivery delivery = new Delivery(partition, ticket.get(), body, attempt, tag);
        lock.lock();
        try {
            if (!closed) {
                buffers[partition].add(delivery);
                arrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Receives one partition queue's deliveries. */
    private final class PartitionConsumer extends DefaultConsumer {
        private final int partition;

        PartitionConsumer(int partition) {
            super(channel);
            this.partition = partition;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            accept(partition, envelope.getDeliveryTag(), properties, body);
        }

        @Override
        public void handleCancel(String consumerTag) {
            LOG.warn("line {}: the broker cancelled worker {}'s subscription to partition {} (queue deleted?)",
                    line.name(), workerId, partition);
        }
    }

    /** Names the worker, for logs. */
    @Override
    public String toString() {
        return "RabbitMqConsumer[" + workerId + "]";
    }
}
