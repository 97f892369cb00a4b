package dev.booking.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Runs many callers at the same instant: every caller gets its own platform thread, all threads
 * wait at one gate, and the gate opens only when the last thread is ready.
 *
 * <p>Thread-safety: a {@code Race} is used once, from one thread.
 */
public final class Race {

    private Race() {
    }

    /**
     * The outcome of one caller: either a value or the exception it threw.
     *
     * @param caller  the caller's index, 0-based
     * @param value   what it returned, or {@code null} if it threw
     * @param failure what it threw, or {@code null}
     * @param nanos   how long the call took
     * @param <T>     the result type
     */
    public record Attempt<T>(int caller, T value, Throwable failure, long nanos) {
    }

    /**
     * Starts {@code callers} threads, releases them together, and waits for all of them.
     *
     * @param callers how many callers race
     * @param task    the call of caller {@code i}; created before the gate opens
     * @param timeout how long the race may take once the gate is open
     * @param <T>     the result type
     * @return one attempt per caller, in caller order
     * @throws AssertionError if a caller has not finished within {@code timeout}
     */
    public static <T> List<Attempt<T>> run(int callers, IntFunction<Callable<T>> task, Duration timeout) {
        return run(callers, task, timeout, () -> { });
    }

    /**
     * Like {@link #run(int, IntFunction, Duration)}, running {@code atGate} once every caller is
     * ready, just before the gate opens: the place to start a fault that must coincide with the race
     * (starting a thousand threads can take seconds on a loaded machine).
     *
     * @param atGate runs on the calling thread, between the last caller getting ready and the start
     * @param <T>    the result type
     * @return one attempt per caller, in caller order
     */
    public static <T> List<Attempt<T>> run(int callers, IntFunction<Callable<T>> task, Duration timeout,
                                           Runnable atGate) {
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(callers);
        AtomicReferenceArray<Attempt<T>> attempts = new AtomicReferenceArray<>(callers);
        List<Thread> threads = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Callable<T> call = task.apply(caller);
            Thread thread = new Thread(() -> {
                try {
                    ready.countDown();
                    gate.await();
                    long start = System.nanoTime();
                    try {
                        T value = call.call();
                        attempts.set(caller, new Attempt<>(caller, value, null, System.nanoTime() - start));
                    } catch (Throwable t) {
                        attempts.set(caller, new Attempt<>(caller, null, t, System.nanoTime() - start));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    attempts.set(caller, new Attempt<>(caller, null, e, 0));
                } finally {
                    finished.countDown();
                }
            }, "tck-racer-" + caller);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("only " + (callers - ready.getCount()) + " of " + callers
                        + " racer threads started within " + timeout);
            }
            atGate.run();
            gate.countDown();
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.forEach(Thread::interrupt);
                throw new AssertionError(finished.getCount() + " of " + callers
                        + " callers had no answer " + timeout + " after the start (hung?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the race", e);
        }
        List<Attempt<T>> result = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            result.add(attempts.get(i));
        }
        return result;
    }
}
