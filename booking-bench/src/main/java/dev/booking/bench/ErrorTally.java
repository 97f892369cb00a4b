package dev.booking.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts failed calls by kind (exception class and message), from any number of threads; off the
 * fast path, since failures are rare.
 */
public final class ErrorTally {

    private static final int MAX_KINDS = 20;

    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** Counts one failure; kinds beyond the first {@value #MAX_KINDS} count in the total only. */
    public void record(Throwable failure) {
        total.increment();
        String kind = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (byKind.size() < MAX_KINDS || byKind.containsKey(kind)) {
            byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
    }

    /** Counts {@code count} failures of a kind reported by someone else (pgbench). */
    public void record(String kind, long count) {
        if (count > 0) {
            total.add(count);
            byKind.computeIfAbsent(kind, k -> new LongAdder()).add(count);
        }
    }

    /** Failures so far. */
    public long total() {
        return total.sum();
    }

    /** Up to {@value #MAX_KINDS} kinds with their counts, sorted by kind. */
    public Map<String, Long> samples() {
        Map<String, Long> copy = new TreeMap<>();
        byKind.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }
}
