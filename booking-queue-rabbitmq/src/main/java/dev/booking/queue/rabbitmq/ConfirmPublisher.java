package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.booking.core.BookingException;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few channels in confirm mode, shared by every publishing thread. Each publish takes the next
 * sequence number of its channel and gets a future that the channel's {@link ConfirmListener}
 * completes: true = the broker has it (on a quorum queue or stream: in its log, fsynced), false =
 * nacked (a full queue under {@code reject-publish}). One ack with {@code multiple=true} completes
 * every publish up to it, so concurrent publishers share a confirm round trip instead of waiting
 * one each. Messages are published {@code mandatory}: a message the broker returns (no such queue)
 * fails its future rather than vanishing. A channel that closes fails all its pending futures with
 * {@link BookingException} (the messages may or may not be stored) and is replaced, never reused.
 */
final class ConfirmPublisher implements AutoCloseable {

    private final Connection connection;
    private final Duration timeout;
    private final Slot[] slots;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    ConfirmPublisher(Connection connection, int size, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        this.slots = new Slot[size];
    }

    /**
     * Publishes and waits for the broker's answer.
     *
     * @return true if confirmed, false if nacked
     * @throws BookingException if it could not be published, was returned unroutable, or the confirm
     *                          did not come in time (the message may or may not be stored)
     */
    boolean publish(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        return await(publishAsync(routingKey, properties, body), routingKey);
    }

    /**
     * Publishes without waiting: the future completes with true (confirmed) or false (nacked), or
     * fails with a {@link BookingException} (returned unroutable, channel lost).
     *
     * @throws BookingException if it could not even be sent
     */
    CompletableFuture<Boolean> publishAsync(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        if (closed) {
            throw new BookingException(BookingException.Failure.CONNECTION, "the RabbitMQ line is closed");
        }
        int index = Math.floorMod(next.getAndIncrement(), slots.length);
        Slot slot = slotAt(index);
        Pending pending = new Pending(routingKey, properties.getMessageId());
        try {
            slot.publish(routingKey, properties, body, pending);
        } catch (IOException | ShutdownSignalException e) {
            retire(index, slot);
            throw new BookingException(BookingException.Failure.CONNECTION,
                    "could not publish to RabbitMQ queue " + routingKey + ": " + e.getMessage(), e);
        }
        return pending.future;
    }

    /**
     * Waits for a future from {@link #publishAsync}, at most the confirm timeout.
     *
     * @return true if confirmed, false if nacked
     * @throws BookingException as {@link #publish} does
     */
    boolean await(CompletableFuture<Boolean> confirm, String routingKey) {
        try {
            return confirm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BookingException(BookingException.Failure.TIMEOUT,
                    "RabbitMQ did not confirm a message to " + routingKey + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.CONNECTION, "interrupted waiting for a RabbitMQ confirm", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BookingException booking) {
                throw booking;
            }
            throw new BookingException(BookingException.Failure.CONNECTION,
                    "could not publish to RabbitMQ queue " + routingKey + ": " + e.getCause(), e.getCause());
        }
    }

    private Slot slotAt(int index) {
        synchronized (slots) {
            Slot slot = slots[index];
            if (slot != null && !slot.dead && slot.channel.isOpen()) {
                return slot;
            }
            if (slot != null) {
                slot.close();
            }
            try {
                slot = new Slot(connection.createChannel());
            } catch (IOException | AlreadyClosedException e) {
                slots[index] = null;
                throw new BookingException(BookingException.Failure.CONNECTION, "could not open a RabbitMQ channel: " + e.getMessage(), e);
            }
            if (closed) {
                slot.close();
                throw new BookingException(BookingException.Failure.CONNECTION, "the RabbitMQ line is closed");
            }
            slots[index] = slot;
            return slot;
        }
    }

    private void retire(int index, Slot slot) {
        synchronized (slots) {
            if (slots[index] == slot) {
                slots[index] = null;
            }
        }
        slot.close();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (slots) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    slots[i].close();
                    slots[i] = null;
                }
            }
        }
    }

    /** One publish waiting for its confirm. */
    private static final class Pending {
        final String routingKey;
        final String messageId;
        final CompletableFuture<Boolean> future = new CompletableFuture<>();
        volatile boolean returned;

        Pending(String routingKey, String messageId) {
            this.routingKey = routingKey;
            this.messageId = messageId;
        }

        void confirmed(boolean ack) {
            if (returned) {
                future.completeExceptionally(new BookingException(BookingException.Failure.UNEXPECTED,
                        "RabbitMQ has no queue " + routingKey + ": was the line deleted?"));
            } else {
                future.complete(ack);
            }
        }
    }

    /**
     * One confirm-mode channel and its publishes by sequence number. Publishing is serialised on
     * the slot, so that a sequence number is registered before its message can be confirmed.
     */
    private static final class Slot implements ConfirmListener {
        final Channel channel;
        final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
        /** Set once the channel shut down: a recovered channel is not trusted with new publishes. */
        volatile boolean dead;

        Slot(Channel channel) throws IOException {
            if (channel == null) {
                throw new IOException("the connection has no free channel number");
            }
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener(this);
            // the broker sends basic.return before the ack of the same message on this channel
            channel.addReturnListener(returned -> {
                for (Pending p : pending.values()) {
                    if (!p.returned && p.routingKey.equals(returned.getRoutingKey())
                            && java.util.Objects.equals(p.messageId, returned.getProperties().getMessageId())) {
                        p.returned = true;
                        return;
                    }
                }
            });
            // Also called when the connection drops (automatic recovery would bring the channel
            // back, but with sequence numbers started over): what was pending may or may not be
            // stored, so it fails, and the slot is replaced.
            channel.addShutdownListener(cause -> {
                dead = true;
                failAll(cause);
            });
        }

        synchronized void publish(String routingKey, AMQP.BasicProperties properties, byte[] body, Pending p) throws IOException {
            if (dead || !channel.isOpen()) {
                throw new IOException("the channel closed: " + channel.getCloseReason());
            }
            long sequence = channel.getNextPublishSeqNo();
            pending.put(sequence, p);
            try {
                channel.basicPublish("", routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                pending.remove(sequence);
                throw e;
            }
        }

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, true);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, false);
        }

        private void settle(long deliveryTag, boolean multiple, boolean ack) {
            if (multiple) {
                ConcurrentNavigableMap<Long, Pending> upTo = pending.headMap(deliveryTag, true);
                for (Iterator<Map.Entry<Long, Pending>> it = upTo.entrySet().iterator(); it.hasNext(); ) {
                    Pending p = it.next().getValue();
                    it.remove();
                    p.confirmed(ack);
                }
            } else {
                Pending p = pending.remove(deliveryTag);
                if (p != null) {
                    p.confirmed(ack);
                }
            }
        }

        private void failAll(ShutdownSignalException cause) {
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                it.remove();
                p.future.completeExceptionally(new BookingException(BookingException.Failure.CONNECTION,
                        "the RabbitMQ channel closed before it confirmed a message to " + p.routingKey + ": "
                                + (cause == null ? "closed" : cause.getMessage()), cause));
            }
        }

        void close() {
            dead = true;
            try {
                channel.abort();
            } catch (IOException | RuntimeException ignored) {
                // already gone
            }
            failAll(null);
        }
    }
}
