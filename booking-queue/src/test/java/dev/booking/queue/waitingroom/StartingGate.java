package dev.booking.queue.waitingroom;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Starts callers together, for tests that want the callers' answers and no failure at all. A small
 * copy of the kit's idea (booking-tck's {@code Race}), kept here because booking-tck depends on this
 * module and a test dependency back would make a cycle.
 */
final class StartingGate {

    private static final Duration HANG_GUARD = Duration.ofSeconds(120);

    private StartingGate() {
    }

    /** Runs the callers together; any exception a caller throws fails the test. Results in caller order. */
    static <T> List<T> runTogether(int callers, IntFunction<Callable<T>> task) {
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(callers);
        AtomicReferenceArray<T> values = new AtomicReferenceArray<>(callers);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(callers);
        List<Thread> threads = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Callable<T> call = task.apply(caller);
            Thread thread = new Thread(() -> {
                try {
                    ready.countDown();
                    gate.await();
                    values.set(caller, call.call());
                } catch (Throwable t) {
                    failures.set(caller, t);
                } finally {
                    finished.countDown();
                }
            }, "gate-caller-" + caller);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            if (!ready.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("only " + (callers - ready.getCount()) + " of " + callers + " callers started");
            }
            gate.countDown();
            if (!finished.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.forEach(Thread::interrupt);
                throw new AssertionError(finished.getCount() + " of " + callers + " callers had no answer (hung?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the callers", e);
        }
        List<T> result = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            if (failures.get(i) != null) {
                throw new AssertionError("caller " + i + " threw", failures.get(i));
            }
            result.add(values.get(i));
        }
        return result;
    }
}
