package dev.booking.bench.perf;

import java.util.Arrays;
import java.util.Locale;

/** The stores the benchmark knows, in the order it runs them. */
enum BackendKind {
    /** H2 in memory, in this JVM: no network, so it shows the library's own cost best. */
    H2("h2", true),
    /** PostgreSQL over JDBC. */
    POSTGRESQL("postgresql", true),
    /** MariaDB over JDBC. */
    MARIADB("mariadb", true),
    /** The in-process mongo-java-server, through the MongoDB adapter. */
    MONGO("mongo", false);

    private final String id;
    private final boolean sql;

    BackendKind(String id, boolean sql) {
        this.id = id;
        this.sql = sql;
    }

    /** The name used on the command line and in the results. */
    String id() {
        return id;
    }

    /** Whether the SQL baselines (raw JDBC, naive, SELECT FOR UPDATE) run here. */
    boolean sql() {
        return sql;
    }

    static BackendKind of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + id + "'; known: h2, postgresql, mariadb, mongo"));
    }
}
