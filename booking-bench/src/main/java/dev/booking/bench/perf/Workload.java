package dev.booking.bench.perf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
    WAITING_ROOM("waiting-room", "Hot seat behind the waiting room"),
    /** Submits to the shared line per broker, workers running: submit throughput and latency. */
    LINE_SUBMIT("line-submit", "Shared line: submit"),
    /** One partition's worker deciding a filled line: winners (distinct free seats) and refusals (one taken seat). */
    LINE_DECIDE("line-decide", "Shared line: decisions per partition"),
    /** A thousand users for one seat through the line, against direct tryBook and the waiting room. */
    LINE_HOT_SEAT("line-hot-seat", "Shared line: hot seat"),
    /** Distinct seats submitted to the line and decided in batches, one transaction each, against direct tryBook. */
    LINE_BATCH("line-batch", "Shared line: batches against the direct path");

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

    /** Whether this is one of the shared line's workloads, which also run per broker. */
    boolean line() {
        return id.startsWith("line-");
    }

    static Workload of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(w -> w.id.equals(wanted) || w.id.startsWith(wanted + "-"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; known: "
                        + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")) + ", line"));
    }

    /** The workloads a command-line name stands for: one, or {@code line} for every line workload. */
    static List<Workload> named(String id) {
        if (id.trim().equalsIgnoreCase("line")) {
            return Arrays.stream(values()).filter(Workload::line).toList();
        }
        return List.of(of(id));
    }
}
