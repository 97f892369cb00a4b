package dev.booking.queue.line;

import dev.booking.core.ClaimResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PLACEHOLDER of the line-kit branch, so that the queue kit compiles before the line-core branch
 * lands; line-core's engine of the same name and API replaces it on merge. Worker threads that take
 * the line's partitions in order and decide every request with the conditional update.
 */
public final class LineWorkers implements AutoCloseable {

    private final Builder settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    private LineWorkers(Builder settings) {
        this.settings = settings;
    }

    /**
     * Starts configuring workers.
     *
     * @param transport the line
     * @param seats     the store they decide on
     * @return a builder with the defaults
     */
    public static Builder builder(LineTransport transport, SeatRepository seats) {
        return new Builder(Arguments.requirePresent("transport", transport), Arguments.requirePresent("seats", seats),
                1, 128, Duration.ofMillis(100), 5, "worker-" + ProcessHandle.current().pid());
    }

    /** Starts the worker threads. @return this */
    public synchronized LineWorkers start() {
        if (running.compareAndSet(false, true)) {
            for (int i = 0; i < settings.threads; i++) {
                Thread thread = new Thread(this::work, settings.workerName + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        return this;
    }

    private void work() {
        LineConsumer consumer = null;
        while (running.get()) {
            try {
                if (consumer == null) {
                    consumer = settings.transport.openConsumer(Thread.currentThread().getName());
                }
                List<Delivery> batch = consumer.poll(settings.batchSize, settings.pollWait);
                if (batch.isEmpty()) {
                    continue;
                }
                if (!decide(consumer, batch)) {
                    consumer.close(); // a failure: hand the rest back, to be delivered again
                    consumer = null;
                }
            } catch (RuntimeException e) {
                if (consumer != null) {
                    try {
                        consumer.close();
                    } catch (RuntimeException ignored) {
                        // the transport is gone already
                    }
                    consumer = null;
                }
                pause();
            }
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    /** Decides the batch in order; false if it stopped at a request that failed (not acknowledged). */
    private boolean decide(LineConsumer consumer, List<Delivery> batch) {
        List<Ticket> tickets = batch.stream().map(Delivery::ticket).toList();
        settings.transport.ledger().processing(tickets);
        Map<Ticket, TicketStatus> known = settings.transport.ledger().statuses(tickets);
        List<Delivery> decided = new ArrayList<>();
        for (Delivery delivery : batch) {
            if (known.get(delivery.ticket()) != null && known.get(delivery.ticket()).isFinal()) {
                decided.add(delivery);
                continue;
            }
            TicketStatus outcome;
            try {
                outcome = outcome(settings.seats.claim(Envelope.decode(delivery.payload()).request()));
            } catch (RuntimeException e) {
                if (delivery.attempt() >= settings.maxAttempts) {
                    settle(delivery, new TicketStatus.Failed("gave up after " + delivery.attempt() + " attempts"));
                    consumer.deadLetter(delivery, String.valueOf(e));
                    continue;
                }
                consumer.acknowledge(decided);
                return false;
            }
            settle(delivery, outcome);
            decided.add(delivery);
        }
        consumer.acknowledge(decided);
        return true;
    }

    private void settle(Delivery delivery, TicketStatus outcome) {
        Map<Ticket, TicketStatus> one = new LinkedHashMap<>();
        one.put(delivery.ticket(), outcome);
        settings.transport.ledger().settle(delivery.partition(), one);
    }

    private static TicketStatus outcome(ClaimResult result) {
        if (result instanceof ClaimResult.Claimed claimed) {
            return new TicketStatus.Booked(claimed);
        } else if (result instanceof ClaimResult.Unavailable) {
            return new TicketStatus.Refused(TicketStatus.Reason.TAKEN);
        } else if (result instanceof ClaimResult.NoSuchSeats) {
            return new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT);
        }
        return new TicketStatus.Failed("its reference is in use");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers: each finishes the batch in hand and closes its consumer. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Immutable configuration; every setter returns a new builder. */
    public static final class Builder {
        private final LineTransport transport;
        private final SeatRepository seats;
        private final int threads;
        private final int batchSize;
        private final Duration pollWait;
        private final int maxAttempts;
        private final String workerName;

        private Builder(LineTransport transport, SeatRepository seats, int threads, int batchSize, Duration pollWait,
                        int maxAttempts, String workerName) {
            this.transport = transport;
            this.seats = seats;
            this.threads = threads;
            this.batchSize = batchSize;
            this.pollWait = pollWait;
            this.maxAttempts = maxAttempts;
            this.workerName = workerName;
        }

        /** @param threads worker threads @return a new builder */
        public Builder threads(int threads) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName);
        }

        /** @param batchSize requests per poll @return a new builder */
        public Builder batchSize(int batchSize) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName);
        }

        /** @param pollWait how long a poll waits @return a new builder */
        public Builder pollWait(Duration pollWait) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName);
        }

        /** @param maxAttempts attempts before a request is dead-lettered @return a new builder */
        public Builder maxAttempts(int maxAttempts) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName);
        }

        /** @param workerName the threads' name prefix @return a new builder */
        public Builder workerName(String workerName) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName);
        }

        /** @return the workers, not started */
        public LineWorkers build() {
            return new LineWorkers(this);
        }
    }
}
