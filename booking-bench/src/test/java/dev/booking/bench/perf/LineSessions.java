package dev.booking.bench.perf;

import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.bench.line.BrokerKind;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A quick-profile session on a fresh in-memory H2 store whose line workloads use the in-memory line. */
final class LineSessions {

    private LineSessions() {
    }

    /** Opens a store named after {@code name}; close it after the test. */
    static SqlStore store(String name) {
        return SqlStore.open(SqlStore.h2Url(name + "-" + System.nanoTime()), null, null, 8, "line_bench_test");
    }

    /** The session the runs get from the benchmark, with only the memory line reachable. */
    static Session session(SqlStore store, Path workDir) {
        return new Session(BackendKind.H2, store, Profile.quick(), new ShowIds("t"), Optional.empty(), workDir,
                Map.of(BrokerKind.MEMORY, ""));
    }
}
