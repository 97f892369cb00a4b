package dev.booking.bench.perf;

import java.util.Arrays;
import java.util.Locale;

/**
 * The workloads, in the order they run and are reported. Multi-seat groups (issue 3 of the plan) would be
 * one more constant here plus its run class; the plan, tables and chart key on this enum only.
 */
enum Workload {
    /** Every call books a different free seat; throughput against client concurrency. */
    DISTINCT_SEATS("distinct-seats", "Distinct seats"),
    /** A thousand callers race for one seat, round after round: time until all have their answer. */
    HOT_SEAT("hot-seat", "Hot seat"),
    /** The hot seat with and without the waiting room in front of the repository: store calls and latency. */
    WAITING_ROOM("waiting-room", "Hot seat behind the waiting room");

    private final String id;
    private final String title;

    Workload(String id, String title) {
        this.id = id;
        this.title = title;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    static Workload of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(w -> w.id.equals(wanted) || w.id.startsWith(wanted + "-"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown workload '" + id + "'; known: distinct-seats, hot-seat, waiting-room"));
    }
}
