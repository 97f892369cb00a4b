package dev.booking.queue.waitingroom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/** Starts one platform thread per caller, opens one gate for all of them, and collects what they return. */
final class StartingGate {

    private static final long HANG_GUARD_SECONDS = 120;

    private StartingGate() {
    }

    /** Runs the callers together; any exception a caller throws fails the test. Results in caller order. */
    static <T> List<T> runTogether(int callers, IntFunction<Callable<T>> task) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(callers);
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(callers);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(callers);
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Callable<T> call = task.apply(caller);
            Thread thread = new Thread(() -> {
                try {
                    ready.countDown();
                    gate.await();
                    results.set(caller, call.call());
                } catch (Throwable t) {
                    failures.set(caller, t);
                } finally {
                    finished.countDown();
                }
            }, "test-caller-" + caller);
            thread.setDaemon(true);
            thread.start();
        }
        if (!ready.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("callers did not start (hung?)");
        }
        gate.countDown();
        if (!finished.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(finished.getCount() + " callers got no answer (hung?)");
        }
        List<T> list = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            if (failures.get(i) != null) {
                throw new AssertionError("caller " + i + " threw", failures.get(i));
            }
            list.add(results.get(i));
        }
        return list;
    }
}
