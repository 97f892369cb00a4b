package dev.booking.queue.line;

import dev.booking.queue.line.spi.LineTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/** Small helpers of the line's tests: a starting gate, awaiting a condition, reading statuses. */
final class LineTestSupport {

    /** Long enough for a loaded 2-core machine; only reached when something is broken. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private LineTestSupport() {
    }

    /** Runs {@code callers} tasks released together by one barrier; any exception fails the test. */
    static <T> List<T> runTogether(int callers, IntFunction<Callable<T>> task) {
        CyclicBarrier gate = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<T> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    gate.await();
                    return body.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError("a caller failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until {@code condition} holds, checking every few milliseconds; fails after {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }

    /** Waits until every ticket is final on {@code line}'s ledger and answers their statuses. */
    static Map<Ticket, TicketStatus> awaitFinal(LineTransport line, Collection<Ticket> tickets) {
        await(tickets.size() + " tickets are final",
                () -> line.ledger().statuses(tickets).values().stream().allMatch(TicketStatus::isFinal));
        return line.ledger().statuses(tickets);
    }

    /** The ticket of an accepted submit; fails the test on busy. */
    static Ticket accepted(SubmitResult result) {
        if (result instanceof SubmitResult.Accepted accepted) {
            return accepted.ticket();
        }
        throw new AssertionError("expected the submit to be accepted, was " + result);
    }
}
