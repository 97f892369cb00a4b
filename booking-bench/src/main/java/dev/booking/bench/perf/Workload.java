package dev.booking.bench.perf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The workloads, in the order they run and are reported; the plan, tables and chart key on this enum only.
 * Multi-seat groups (issue 18) are {@link #GROUPS}, run by {@link GroupsRun}.
 */
enum Workload {
    /** Every call books a different free seat; throughput against client concurrency. */
    DISTINCT_SEATS("distinct-seats", "Distinct seats"),
    /** A thousand callers race for one seat, round after round: time until all have their answer. */
    HOT_SEAT("hot-seat", "Hot seat"),
    /** The hot seat with and without the waiting room in front of the repository: store calls and latency. */
    WAITING_ROOM("waiting-room", "Hot seat behind the waiting room"),
    /** Groups of 1, 2 and 4 adjacent seats, distinct and overlapping, all or nothing, against FOR UPDATE per seat. */
    GROUPS("groups", "Groups of adjacent seats"),
    /** Submits to the shared line per broker, workers running: submit throughput and latency. */
    LINE_SUBMIT("line-submit", "Shared line: submit"),
    /** One partition's worker deciding a filled line: winners (distinct free seats) and refusals (one taken seat). */
    LINE_DECIDE("line-decide", "Shared line: decisions per partition"),
    /** A thousand users for one seat through the line, against direct tryBook and the waiting room. */
    LINE_HOT_SEAT("line-hot-seat", "Shared line: hot seat"),
    /** Distinct seats submitted to the line and decided in batches, one transaction each, against direct tryBook. */
    LINE_BATCH("line-batch", "Shared line: batches against the direct path"),
    /** Distinct seats with the transactional outbox on and off, side by side: what the notices cost the booking. */
    OUTBOX_COST("outbox-cost", "Outbox: the cost of the notices on the booking path"),
    /** Records written beforehand, then delivered by the relay at 1, 2 and 4 threads, by SMTP and to a no-op callback. */
    RELAY_THROUGHPUT("relay-throughput", "Outbox relay: messages per second"),
    /** A show of 100,000 seats added, then 200,000 skewed attempts by 1,000 users with lapsing holds, until sold out. */
    STADIUM("stadium", "Stadium on-sale"),
    /** addSeats, listSeats, sweepExpiredHolds and tryBook against seats per show, tryBook against concurrent users. */
    CURVES("curves", "Cost curves: seats per show and concurrent users"),
    /**
     * The JMH micro-benchmarks of {@link dev.booking.bench.jmh}, on no backend: run only when named, after the
     * others, with tables of their own ({@link dev.booking.bench.jmh.JmhSuite}).
     */
    JMH("jmh", "JMH micro-benchmarks");

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

    /** Whether this workload runs on each backend, in the plan; the JMH micro-benchmarks run on none. */
    boolean perBackend() {
        return this != JMH;
    }

    /** Whether this is one of the outbox's workloads, which run on the SQL stores. */
    boolean outbox() {
        return this == OUTBOX_COST || this == RELAY_THROUGHPUT;
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
                        + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", "))
                        + ", line, outbox"));
    }

    /**
     * The workloads a command-line name stands for: one, {@code line} for every line workload, or
     * {@code outbox} for both of the outbox's.
     */
    static List<Workload> named(String id) {
        if (id.trim().equalsIgnoreCase("line")) {
            return Arrays.stream(values()).filter(Workload::line).toList();
        }
        if (id.trim().equalsIgnoreCase("outbox")) {
            return Arrays.stream(values()).filter(Workload::outbox).toList();
        }
        return List.of(of(id));
    }
}
