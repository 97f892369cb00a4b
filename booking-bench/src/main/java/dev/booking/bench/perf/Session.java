package dev.booking.bench.perf;

import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.bench.line.BrokerKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the steps of one backend share while its store is open: the store and its approaches, the
 * profile, fresh show ids, and the throughput seen so far per variant and level, from which the next
 * run's seat count is sized.
 */
final class Session {

    /** How long a hot-seat round may take before the run stops waiting and reports the unanswered. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final BackendKind kind;
    private final Store store;
    private final List<Approach> approaches;
    private final List<Approach> timedApproaches;
    private final Profile profile;
    private final ShowIds shows;
    private final Optional<PgBench> pgbench;
    private final Path workDir;
    private final Map<String, Double> rates = new HashMap<>();
    private final Map<BrokerKind, String> brokerUrls;
    private final List<RunResult> reported = new ArrayList<>();

    Session(BackendKind kind, Store store, Profile profile, ShowIds shows, Optional<PgBench> pgbench, Path workDir) {
        this(kind, store, profile, shows, pgbench, workDir, Map.of());
    }

    /**
     * A session whose line workloads may open lines on {@code brokerUrls}' brokers.
     *
     * @param brokerUrls the reachable brokers, each with its URL (memory: empty text)
     */
    Session(BackendKind kind, Store store, Profile profile, ShowIds shows, Optional<PgBench> pgbench, Path workDir,
            Map<BrokerKind, String> brokerUrls) {
        this.brokerUrls = Map.copyOf(brokerUrls);
        this.kind = kind;
        this.store = store;
        this.approaches = Approach.on(store);
        this.timedApproaches = Approach.timedOn(store);
        this.profile = profile;
        this.shows = shows;
        this.pgbench = pgbench;
        this.workDir = workDir;
    }

    BackendKind kind() {
        return kind;
    }

    Store store() {
        return store;
    }

    /** The approach with the given variant name. */
    Approach approach(String variant) {
        return approaches.stream().filter(a -> a.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind.id() + " has no variant " + variant));
    }

    /** The approach with the given variant name, on the timed pool ({@link Approach#timedOn}). */
    Approach timedApproach(String variant) {
        return timedApproaches.stream().filter(a -> a.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind.id() + " has no timed variant " + variant));
    }

    Profile profile() {
        return profile;
    }

    ShowIds shows() {
        return shows;
    }

    Optional<PgBench> pgbench() {
        return pgbench;
    }

    Path workDir() {
        return workDir;
    }

    /** The URL of a broker the line workloads use; null for memory. */
    String brokerUrl(BrokerKind broker) {
        String url = brokerUrls.get(broker);
        return url == null || url.isEmpty() ? null : url;
    }

    /** Remembers a distinct-seats (or line-batch, or outbox-cost) run's throughput for sizing the next runs. */
    void remember(RunResult run) {
        if ((run.workload() == Workload.DISTINCT_SEATS || run.workload() == Workload.LINE_BATCH
                || run.workload() == Workload.OUTBOX_COST) && run.operations() > 0) {
            rates.put(run.variant() + "@" + run.concurrency(), run.throughput());
            rates.merge(run.variant(), run.throughput(), Math::max);
        }
    }

    /** The latest throughput remembered under {@code variant@level} exactly, else empty. */
    Optional<Double> rate(String variantAtLevel) {
        return Optional.ofNullable(rates.get(variantAtLevel));
    }

    /** The latest throughput of a variant at a level, else its best at any level, else empty. */
    Optional<Double> rate(String variant, int level) {
        Double exact = rates.get(variant + "@" + level);
        return Optional.ofNullable(exact != null ? exact : rates.get(variant));
    }

    /**
     * Seats for a distinct-seats run: half as many again as the expected rate books in the run time, so
     * the run normally ends on time rather than on an empty show; bounded, to cap set-up time.
     */
    int seatsFor(String variant, int level, Duration runTime) {
        double rate = rate(variant, level).orElse(profile.maxSeatsPerRun() / 2.0 / runTime.toNanos() * 1e9);
        long wanted = (long) Math.ceil(rate * runTime.toNanos() / 1e9 * 1.5) + 100;
        return (int) Math.max(500, Math.min(profile.maxSeatsPerRun(), wanted));
    }

    /** Keeps a result measured by a step beyond the one it returns (a cost curve measures several at once). */
    void report(RunResult run) {
        reported.add(run);
    }

    /** The results {@link #report}ed since the last call, which forgets them. */
    List<RunResult> drainReported() {
        List<RunResult> drained = List.copyOf(reported);
        reported.clear();
        return drained;
    }
}
