package dev.booking.bench.perf;

import java.util.List;

/**
 * How much of the outbox's workloads a profile runs: the booking path's cost at two concurrency levels
 * in A/B pairs, and the relay's throughput at three thread counts on a fixed number of records. A
 * quick run keeps one pair, a few hundred records and the relay on the first SQL store only.
 *
 * @param costLevels    client threads of the outbox-cost workload
 * @param costPairs     A/B pairs (library, then library with outbox) per level
 * @param relayThreads  relay threads of the relay-throughput workload
 * @param relayRecords  records written before each relay run
 * @param quick         whether the relay runs on the first SQL store only
 */
record OutboxSizes(List<Integer> costLevels, int costPairs, List<Integer> relayThreads, int relayRecords,
                   boolean quick) {

    OutboxSizes {
        costLevels = List.copyOf(costLevels);
        relayThreads = List.copyOf(relayThreads);
    }

    /** The sizes for a profile. */
    static OutboxSizes of(Profile profile) {
        if (profile.isQuick()) {
            return new OutboxSizes(List.of(8, 32), 1, List.of(1, 2, 4), 100, true);
        }
        // 2,000 records: at the few dozen SMTP messages per second a loaded two-core machine manages, a
        // relay run of 5,000 took minutes
        return new OutboxSizes(List.of(8, 32), 3, List.of(1, 2, 4), 2_000, false);
    }

    /** One line for the settings. */
    String describe() {
        return "outbox-cost at " + costLevels + " client threads, " + costPairs + " A/B pair(s) per level;"
                + " relay-throughput " + relayRecords + " records per run at " + relayThreads + " relay threads"
                + (quick ? ", on the first SQL store only" : "");
    }

    /** Whether {@code workload} runs on {@code backend}: the SQL stores (the relay, quick: the first of them). */
    boolean runsOn(Workload workload, BackendKind backend, List<BackendKind> backends) {
        if (!backend.sql()) {
            return false;
        }
        if (workload == Workload.RELAY_THROUGHPUT && quick) {
            return backends.stream().filter(BackendKind::sql).findFirst().orElse(null) == backend;
        }
        return true;
    }
}
