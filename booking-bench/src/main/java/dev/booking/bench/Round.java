package dev.booking.bench;

import dev.booking.tck.Race;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * One round of a race: callers released together, one thread each, caller i making one call.
 * Records what each was told, two latencies per call and the time until the last answer; failures go
 * to an {@link ErrorTally}. The kit's {@link Race} starts the callers and opens the first round's
 * gate; for later rounds the same threads meet at a barrier whose last arrival opens the next gate,
 * so that a thread is not created per call: fresh threads made a round several times slower on two
 * cores, and the hot seat's figures would measure thread start-up.
 *
 * @param answers         what each caller was told, by caller
 * @param callMicros      each call's own duration, from its thread passing the gate to its answer
 * @param sinceGateMicros from the gate opening to each answer: what a caller waits if all pressed
 *                        "Book" at that instant, waiting for a CPU or a pooled connection included
 * @param wallNanos       from the gate opening to the last answer, or the timeout if one never came
 * @param breakdown       where each call's time went: waking up after the gate, waiting for a connection,
 *                        executing statements, the rest
 */
public record Round(List<Answer> answers, Histogram callMicros, Histogram sinceGateMicros, long wallNanos,
                    CallBreakdown breakdown) {

    /** Copies the answers. */
    public Round {
        answers = List.copyOf(answers);
    }

    /** Caller {@code caller}'s call in round {@code round}. */
    @FunctionalInterface
    public interface RoundCall {
        /** Makes the call; a call that throws is {@link Answer#FAILED}. */
        Answer call(int round, int caller);
    }

    /** Callers still without an answer when the round stopped waiting. */
    public long unanswered() {
        return answers.stream().filter(answer -> answer == Answer.UNANSWERED).count();
    }

    /**
     * Runs one round.
     *
     * @param callers  how many callers race
     * @param call     caller i's call
     * @param timeout  how long to wait for the callers' threads to start, then for the last answer;
     *                 callers still out then are {@link Answer#UNANSWERED}
     * @param errors   where failures are counted
     * @param progress where to print, every second, how many have answered; null for silence
     */
    public static Round run(int callers, IntFunction<Answer> call, Duration timeout, ErrorTally errors,
                            PrintStream progress) {
        return run(callers, 1, (round, caller) -> call.apply(caller), timeout, errors, progress).get(0);
    }

    /**
     * Runs rounds one after the other on the same callers: a round opens when every caller has its
     * answer from the one before.
     *
     * @param timeout how long to wait for the threads to start, then per round for its last answer; a
     *                round with callers still out then is the last one
     * @return the rounds that ran, in order
     */
    public static List<Round> run(int callers, int rounds, RoundCall call, Duration timeout, ErrorTally errors,
                                  PrintStream progress) {
        long timeoutNanos = timeout.toNanos();
        // sized for the timeout up front: resizing while a thousand threads record would stall them all
        long longestMicros = Math.max(2, timeoutNanos / 1000);
        List<AtomicReferenceArray<Answer>> told = new ArrayList<>(rounds);
        List<Histogram> callMicros = new ArrayList<>(rounds);
        List<Histogram> sinceGateMicros = new ArrayList<>(rounds);
        List<AtomicLong> lastAnswerAt = new ArrayList<>(rounds);
        List<CallBreakdown> breakdowns = new ArrayList<>(rounds);
        List<LongAdder> statements = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            breakdowns.add(CallBreakdown.recording(longestMicros));
            statements.add(new LongAdder());
            told.add(new AtomicReferenceArray<>(callers));
            callMicros.add(new ConcurrentHistogram(longestMicros, 3));
            sinceGateMicros.add(new ConcurrentHistogram(longestMicros, 3));
            lastAnswerAt.add(new AtomicLong());
        }
        long[] openedAt = new long[rounds]; // written as a gate opens; the gate publishes it to the callers
        AtomicInteger opened = new AtomicInteger();
        Runnable openGate = () -> openedAt[opened.getAndIncrement()] = System.nanoTime();
        CyclicBarrier nextGate = new CyclicBarrier(callers, openGate);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(callers);
        AtomicInteger answered = new AtomicInteger();
        ScheduledExecutorService ticker = progress == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "race-progress");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Race.run(callers, caller -> () -> {
                threads.set(caller, Thread.currentThread());
                for (int r = 0; r < rounds; r++) {
                    if (r > 0 && !passed(nextGate, timeoutNanos, told.get(r - 1), threads)) {
                        return null;
                    }
                    long start = System.nanoTime();
                    CallPhases phases = CallPhases.begin();
                    Answer answer;
                    try {
                        answer = call.call(r, caller);
                    } catch (RuntimeException e) {
                        errors.record(e);
                        answer = Answer.FAILED;
                    }
                    long end = System.nanoTime();
                    if (end - openedAt[r] >= timeoutNanos) {
                        return null; // too late: the round has given up on this caller, and the run ends with it
                    }
                    callMicros.get(r).recordValue(Math.max(1, (end - start) / 1000));
                    sinceGateMicros.get(r).recordValue(Math.max(1, (end - openedAt[r]) / 1000));
                    breakdowns.get(r).record(start - openedAt[r], end - start, phases);
                    statements.get(r).add(phases.statements());
                    lastAnswerAt.get(r).accumulateAndGet(end, Math::max);
                    told.get(r).set(caller, answer);
                    answered.incrementAndGet();
                }
                return null;
            }, timeout.multipliedBy(rounds), () -> {
                openGate.run();
                if (ticker != null) {
                    ticker.scheduleAtFixedRate(() -> progress.printf("  ... %d of %d answered after %d s%n",
                            answered.get(), callers * rounds,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - openedAt[0])), 1, 1, TimeUnit.SECONDS);
                }
            });
        } catch (AssertionError e) {
            // the kit's way of saying that callers were still out at the timeout: they stay unanswered
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        List<Round> result = new ArrayList<>();
        for (int r = 0; r < Math.min(opened.get(), rounds); r++) {
            List<Answer> answers = new ArrayList<>(callers);
            for (int i = 0; i < callers; i++) {
                Answer answer = told.get(r).get(i);
                answers.add(answer == null ? Answer.UNANSWERED : answer);
            }
            boolean complete = !answers.contains(Answer.UNANSWERED);
            result.add(new Round(answers, callMicros.get(r), sinceGateMicros.get(r),
                    complete ? lastAnswerAt.get(r).get() - openedAt[r] : timeoutNanos,
                    breakdowns.get(r).withStatements(statements.get(r).sum())));
        }
        return result;
    }

    /**
     * Waits at the barrier for the next round; false if it will not open because a caller of the
     * previous round is still out, whom the first to notice interrupts so that the race can end.
     */
    private static boolean passed(CyclicBarrier nextGate, long timeoutNanos, AtomicReferenceArray<Answer> previous,
                                  AtomicReferenceArray<Thread> threads) {
        try {
            nextGate.await(timeoutNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            for (int i = 0; i < threads.length(); i++) {
                if (previous.get(i) == null && threads.get(i) != null) {
                    threads.get(i).interrupt();
                }
            }
            return false;
        } catch (BrokenBarrierException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
