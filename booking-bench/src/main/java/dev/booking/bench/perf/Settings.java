package dev.booking.bench.perf;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything a figure depends on, printed with the results so it can be reproduced: the machine, the
 * JVM, the profile, the pool, and each backend's version and durability settings.
 */
final class Settings {

    private final Profile profile;
    private final Map<String, String> general = new LinkedHashMap<>();

    private Settings(Profile profile) {
        this.profile = profile;
    }
    private final Map<String, Map<String, String>> backends = new LinkedHashMap<>();

    /** The machine, JVM and benchmark settings. */
    static Settings of(BenchOptions options, Instant started, Optional<PgBench> pgbench) {
        Profile profile = options.profile();
        Settings settings = new Settings(profile);
        Runtime runtime = Runtime.getRuntime();
        Map<String, String> g = settings.general;
        g.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        g.put("machine", runtime.availableProcessors() + " cores available to the JVM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        g.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + "), max heap "
                + runtime.maxMemory() / (1024 * 1024) + " MB, GC "
                + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + ")));
        g.put("profile", profile.name() + ": distinct-seats runs of " + profile.runTime().toMillis() + " ms at "
                + profile.levels() + " client threads; " + profile.rawPairs() + " A/B pairs vs raw JDBC and pgbench, "
                + profile.otherPairs() + " vs the other baselines; warm-up " + profile.warmUp().toMillis()
                + " ms per variant");
        g.put("hot seat", profile.callers() + " callers (one thread each) per seat, " + profile.hotRounds()
                + " seats per run, " + profile.hotPairs() + " A/B pairs per baseline");
        g.put("pool", options.poolSize() + " connections, shared by the library and every baseline of a backend");
        g.put("pgbench", pgbench.map(PgBench::version).orElse("not used"));
        if (options.workloads().stream().anyMatch(Workload::outbox)) {
            g.put("outbox", OutboxSizes.of(profile).describe());
        }
        if (options.workloads().contains(Workload.GROUPS)) {
            g.put("groups", GroupsPlan.describe(profile));
        }
        if (options.anyLineWorkload()) {
            g.put("shared line", LineSizes.of(profile).describe());
        }
        if (options.workloads().contains(Workload.CURVES)) {
            g.put("cost curves", CurveSizes.of(profile).describe() + "; at most " + options.curveMax()
                    + " seats (--curve-max)");
        }
        return settings;
    }

    void addBackend(String id, Map<String, String> values) {
        backends.put(id, new LinkedHashMap<>(values));
    }

    /** The profile the figures were measured with; a quick one marks every output. */
    Profile profile() {
        return profile;
    }

    Map<String, String> general() {
        return Collections.unmodifiableMap(general);
    }

    Map<String, Map<String, String>> backends() {
        return Collections.unmodifiableMap(backends);
    }
}
