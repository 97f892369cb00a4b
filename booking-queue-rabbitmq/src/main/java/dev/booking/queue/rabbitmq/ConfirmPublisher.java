package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.booking.core.BookingException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of channels in confirm mode. A channel carries one publish at a time, so its
 * {@code waitForConfirms} speaks of that one message only: true = the broker has it (on a quorum
 * queue or stream: in its log, fsynced), false = nacked (a full queue under {@code reject-publish}).
 * Messages are published {@code mandatory}, so a missing queue is an error rather than a silent
 * loss. A channel that failed in any way is closed and replaced, never reused.
 */
final class ConfirmPublisher implements AutoCloseable {

    private final Connection connection;
    private final int size;
    private final Duration timeout;
    private final BlockingQueue<Slot> idle;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    ConfirmPublisher(Connection connection, int size, Duration timeout) {
        this.connection = connection;
        this.size = size;
        this.timeout = timeout;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /**
     * Publishes and waits for the broker's answer.
     *
     * @return true if confirmed, false if nacked
     * @throws BookingException if it could not be published, was returned unroutable, or the confirm
     *                          did not come in time (the message may or may not be stored)
     */
    boolean publish(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        Slot slot = borrow();
        boolean healthy = false;
        try {
            slot.returned = false;
            slot.channel.basicPublish("", routingKey, true, properties, body);
            boolean acked = slot.channel.waitForConfirms(timeout.toMillis());
            if (slot.returned) {
                throw new BookingException(BookingException.Failure.UNEXPECTED,
                        "RabbitMQ has no queue " + routingKey + ": was the line deleted?");
            }
            healthy = true;
            return acked;
        } catch (TimeoutException e) {
            throw new BookingException(BookingException.Failure.TIMEOUT,
                    "RabbitMQ did not confirm a message to " + routingKey + " within " + timeout, e);
        } catch (IOException | ShutdownSignalException e) {
            throw new BookingException(BookingException.Failure.CONNECTION,
                    "could not publish to RabbitMQ queue " + routingKey + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.CONNECTION, "interrupted waiting for a RabbitMQ confirm", e);
        } finally {
            giveBack(slot, healthy);
        }
    }

    private Slot borrow() {
        if (closed) {
            throw new BookingException(BookingException.Failure.CONNECTION, "the RabbitMQ line is closed");
        }
        Slot slot = idle.poll();
        if (slot != null) {
            return slot;
        }
        if (created.incrementAndGet() <= size) {
            try {
                return new Slot(connection.createChannel());
            } catch (IOException | AlreadyClosedException e) {
                created.decrementAndGet();
                throw new BookingException(BookingException.Failure.CONNECTION, "could not open a RabbitMQ channel: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                created.decrementAndGet();
                throw e;
            }
        }
        created.decrementAndGet();
        try {
            slot = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.CONNECTION, "interrupted waiting for a RabbitMQ channel", e);
        }
        if (slot == null) {
            throw new BookingException(BookingException.Failure.TIMEOUT, "no RabbitMQ channel free within " + timeout);
        }
        return slot;
    }

    private void giveBack(Slot slot, boolean healthy) {
        if (healthy && !closed && slot.channel.isOpen() && idle.offer(slot)) {
            return;
        }
        created.decrementAndGet();
        slot.close();
    }

    @Override
    public void close() {
        closed = true;
        Slot slot;
        while ((slot = idle.poll()) != null) {
            slot.close();
        }
    }

    /** One confirm-mode channel and whether the broker returned its last message. */
    private static final class Slot {
        final Channel channel;
        volatile boolean returned;

        Slot(Channel channel) throws IOException {
            if (channel == null) {
                throw new IOException("the connection has no free channel number");
            }
            this.channel = channel;
            channel.confirmSelect();
            channel.addReturnListener(returnedMessage -> returned = true);
        }

        void close() {
            try {
                channel.abort();
            } catch (IOException | RuntimeException ignored) {
                // already gone
            }
        }
    }
}
