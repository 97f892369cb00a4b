package dev.booking.queue.waitingroom;

import dev.booking.tck.Race;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/** The kit's {@link Race} for tests that want the callers' answers and no failure at all. */
final class StartingGate {

    private static final Duration HANG_GUARD = Duration.ofSeconds(120);

    private StartingGate() {
    }

    /** Runs the callers together; any exception a caller throws fails the test. Results in caller order. */
    static <T> List<T> runTogether(int callers, IntFunction<Callable<T>> task) {
        List<Race.Attempt<T>> attempts = Race.run(callers, task, HANG_GUARD);
        for (Race.Attempt<T> attempt : attempts) {
            if (attempt.failure() != null) {
                throw new AssertionError("caller " + attempt.caller() + " threw", attempt.failure());
            }
        }
        return attempts.stream().map(Race.Attempt::value).toList();
    }
}
