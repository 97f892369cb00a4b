package dev.booking.bench.perf;

import dev.booking.bench.Store;
import dev.booking.bench.line.BrokerKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered steps of a benchmark: per backend, warm-ups, then each workload with every baseline run
 * in A/B pairs against the library (library first, then the baseline, repeated), so that both sides of
 * a pair see the same machine state. Only the order and the pairing are decided here; the runs
 * themselves are in {@link DistinctSeatsRun}, {@link HotSeatRun} and {@link PgBenchRun}; the groups' steps
 * come from {@link GroupsPlan}.
 */
final class Plan {

    /** Per-run overhead beyond the timed part (adding, reading back and deleting seats), for estimates. */
    private static final double SETUP_SECONDS = 0.4;
    /** The most seats of one line-batch run: a backlog the slowest line here drains well within its timeout. */
    private static final int MAX_LINE_SEATS = 20_000;

    private final Profile profile;
    private final int poolSize;
    private final List<Step> steps = new ArrayList<>();

    private Plan(Profile profile, int poolSize) {
        this.profile = profile;
        this.poolSize = poolSize;
    }

    /**
     * The steps for the given backends and workloads.
     *
     * @param backends  the backends that will run, in order
     * @param options   the workloads, profile and pool size
     * @param pgbench   whether pgbench is available (it runs on PostgreSQL only)
     */
    static List<Step> of(List<BackendKind> backends, BenchOptions options, boolean pgbench) {
        return of(backends, options, pgbench, List.of());
    }

    /**
     * The steps for the given backends, workloads and brokers.
     *
     * @param backends the backends that will run, in order
     * @param options  the workloads, profile and pool size
     * @param pgbench  whether pgbench is available (it runs on PostgreSQL only)
     * @param brokers  the reachable brokers the line workloads run on, in order
     */
    static List<Step> of(List<BackendKind> backends, BenchOptions options, boolean pgbench, List<BrokerKind> brokers) {
        Plan plan = new Plan(options.profile(), options.poolSize());
        for (BackendKind backend : backends) {
            List<String> baselines = backend.sql()
                    ? List.of(Variants.RAW_JDBC, Variants.FOR_UPDATE, Variants.NAIVE) : List.of();
            int first = plan.steps.size();
            // only the line's, the outbox's or the curves' workloads: nothing uses the baselines, so they are not
            // warmed up
            boolean baselinesRun = options.workloads().stream().anyMatch(workload -> !workload.line()
                    && !workload.outbox() && workload.perBackend()
                    && workload != Workload.GROUPS && workload != Workload.CURVES
                    && workload != Workload.STADIUM); // these warm up their own
            if (!options.workloads().equals(Set.of(Workload.CURVES))) { // the curves warm up their own operations
                plan.warmUp(backend, baselinesRun ? baselines : List.of());
            }
            int warmUps = plan.steps.size();
            if (options.workloads().contains(Workload.DISTINCT_SEATS)) {
                plan.distinctSeats(backend, baselines, pgbench && backend == BackendKind.POSTGRESQL);
            }
            if (options.workloads().contains(Workload.HOT_SEAT)) {
                plan.hotSeat(backend, baselines);
            }
            if (options.workloads().contains(Workload.WAITING_ROOM)) {
                plan.waitingRoom(backend);
            }
            if (options.workloads().contains(Workload.GROUPS)) {
                plan.steps.addAll(GroupsPlan.steps(backend, plan.profile));
            }
            if (options.workloads().stream().anyMatch(Workload::outbox)) {
                plan.outbox(backend, backends, options);
            }
            if (!brokers.isEmpty()) {
                plan.line(backend, backends, options, brokers);
            }
            if (options.workloads().contains(Workload.CURVES)) {
                plan.steps.addAll(CurveSteps.of(backend, plan.profile, options.curveMax()));
            }
            if (options.workloads().contains(Workload.STADIUM)) {
                plan.stadium(backend);
            }
            if (plan.steps.size() == warmUps) {
                plan.steps.subList(first, warmUps).clear(); // nothing measured here: no warm-up either
            }
        }
        return List.copyOf(plan.steps);
    }

    /**
     * The outbox's workloads on {@code backend} (see {@link OutboxSizes} for where each runs): the
     * booking path with and without the outbox in A/B pairs, and the relay's throughput, each after an
     * untimed warm-up of its own.
     */
    private void outbox(BackendKind backend, List<BackendKind> backends, BenchOptions options) {
        OutboxSizes sizes = OutboxSizes.of(profile);
        Duration runTime = profile.runTime();
        if (options.workloads().contains(Workload.OUTBOX_COST) && sizes.runsOn(Workload.OUTBOX_COST, backend,
                backends)) {
            Duration warmUp = profile.warmUp();
            if (!warmUp.isZero()) {
                add(backend, "warm-up " + backend.id() + " " + Variants.OUTBOX, seconds(warmUp) + SETUP_SECONDS,
                        session -> {
                            Store store = session.store();
                            store.outbox(); // created here, so the first measured run does not pay for it
                            store.clearOutbox();
                            session.remember(DistinctSeatsRun.run(session, session.approach(Variants.OUTBOX), 8,
                                    session.seatsFor(Variants.OUTBOX, 8, warmUp), warmUp, "warm-up"));
                            store.clearOutbox();
                            return Optional.empty();
                        });
            }
            double estimate = seconds(runTime) + SETUP_SECONDS;
            for (int level : sizes.costLevels()) {
                for (int pair = 1; pair <= sizes.costPairs(); pair++) {
                    String key = Variants.OUTBOX + "#" + pair;
                    add(backend, label(Workload.OUTBOX_COST, backend, Variants.LIBRARY, level, key), estimate,
                            session -> {
                                RunResult result = DistinctSeatsRun.run(Workload.OUTBOX_COST, session,
                                        session.approach(Variants.LIBRARY), level,
                                        session.seatsFor(Variants.LIBRARY, level, runTime), runTime, key);
                                session.remember(result);
                                return Optional.of(result);
                            });
                    add(backend, label(Workload.OUTBOX_COST, backend, Variants.OUTBOX, level, key), estimate,
                            session -> {
                                Store store = session.store();
                                store.clearOutbox(); // each run starts with an empty outbox, as a relayed one stays
                                try {
                                    RunResult result = DistinctSeatsRun.run(Workload.OUTBOX_COST, session,
                                            session.approach(Variants.OUTBOX), level,
                                            session.seatsFor(Variants.OUTBOX, level, runTime), runTime, key,
                                            winners -> NoticeCheck.problems(store.outbox(), winners));
                                    session.remember(result);
                                    return Optional.of(result);
                                } finally {
                                    store.clearOutbox();
                                }
                            });
                }
            }
        }
        if (options.workloads().contains(Workload.RELAY_THROUGHPUT) && sizes.runsOn(Workload.RELAY_THROUGHPUT,
                backend, backends)) {
            int records = sizes.relayRecords();
            add(backend, "warm-up " + backend.id() + " relay", 2, session -> {
                RelayThroughputRun.run(session, false, 2, Math.min(200, records), "warm-up");
                RelayThroughputRun.run(session, true, 2, Math.min(200, records), "warm-up");
                return Optional.empty();
            });
            for (int threads : sizes.relayThreads()) {
                String key = "relay#1";
                for (boolean smtp : List.of(false, true)) {
                    add(backend, Workload.RELAY_THROUGHPUT.id() + " " + backend.id() + " " + records + " records "
                                    + threads + " thread" + (threads == 1 ? " " : "s ") + RelayThroughputRun.variant(smtp)
                                    + " [" + key + "]", records / (smtp ? 500.0 : 2000.0) + 1,
                            session -> Optional.of(RelayThroughputRun.run(session, smtp, threads, records, key)));
                }
            }
        }
    }

    /** The shared line's workloads on {@code backend}, per broker; see {@link LineSizes} for where each runs. */
    private void line(BackendKind backend, List<BackendKind> backends, BenchOptions options, List<BrokerKind> brokers) {
        LineSizes sizes = LineSizes.of(profile);
        List<Workload> here = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            if (workload.line() && options.workloads().contains(workload) && sizes.runsOn(workload, backend, backends)) {
                here.add(workload);
            }
        }
        if (here.isEmpty()) {
            return;
        }
        if (sizes.warmUpRequests() > 0) {
            for (BrokerKind broker : brokers) {
                add(backend, "warm-up " + backend.id() + " " + BenchLine.variant(broker), 3, session -> {
                    LineDecideRun.run(session, broker, true, sizes.warmUpRequests(), "warm-up");
                    return Optional.empty();
                });
            }
        }
        Duration runTime = profile.runTime();
        if (here.contains(Workload.LINE_SUBMIT)) {
            for (int level : sizes.submitLevels()) {
                for (BrokerKind broker : brokers) {
                    for (int run = 1; run <= sizes.runs(); run++) {
                        String key = "run#" + run;
                        add(backend, lineLabel(Workload.LINE_SUBMIT, backend, BenchLine.variant(broker),
                                "c=" + level, key), seconds(runTime) + 1, session -> Optional.of(
                                LineSubmitRun.run(session, broker, level, session.profile().runTime(), key)));
                    }
                }
            }
        }
        if (here.contains(Workload.LINE_DECIDE)) {
            for (BrokerKind broker : brokers) {
                for (boolean winners : List.of(true, false)) {
                    for (int run = 1; run <= sizes.decideRuns(); run++) {
                        String key = "run#" + run;
                        add(backend, lineLabel(Workload.LINE_DECIDE, backend, LineDecideRun.variant(broker, winners),
                                sizes.decideRequests() + " requests", key), sizes.decideRequests() / 2000.0 + 1,
                                session -> Optional.of(LineDecideRun.run(session, broker, winners,
                                        sizes.decideRequests(), key)));
                    }
                }
            }
        }
        if (here.contains(Workload.LINE_HOT_SEAT)) {
            int callers = profile.callers();
            int rounds = sizes.hotRounds();
            for (int pair = 1; pair <= sizes.hotRuns(); pair++) {
                String key = "line#" + pair;
                add(backend, lineLabel(Workload.LINE_HOT_SEAT, backend, Variants.LIBRARY, callers + " callers", key),
                        rounds * 0.15 + SETUP_SECONDS, session -> Optional.of(HotSeatRun.run(Workload.LINE_HOT_SEAT,
                                session, session.approach(Variants.LIBRARY), callers, rounds, key,
                                Session.ANSWER_TIMEOUT)));
                add(backend, lineLabel(Workload.LINE_HOT_SEAT, backend, Variants.WAITING_ROOM, callers + " callers",
                        key), rounds * 0.1 + SETUP_SECONDS, session -> Optional.of(HotSeatRun.behindRoom(
                                Workload.LINE_HOT_SEAT, session, callers, rounds, key, Session.ANSWER_TIMEOUT)));
                for (BrokerKind broker : brokers) {
                    add(backend, lineLabel(Workload.LINE_HOT_SEAT, backend, BenchLine.variant(broker),
                            callers + " callers", key), rounds * 1.0 + 1, session -> Optional.of(
                                    LineHotSeatRun.run(session, broker, callers, rounds, key)));
                }
            }
        }
        if (here.contains(Workload.LINE_BATCH)) {
            int level = sizes.batchLevel();
            for (int pair = 1; pair <= sizes.batchPairs(); pair++) {
                String key = "line#" + pair;
                for (BrokerKind broker : brokers) {
                    // each line run right after a direct run of its own, as the other baselines are paired
                    add(backend, lineLabel(Workload.LINE_BATCH, backend, Variants.LIBRARY, "c=" + level,
                            key + " " + broker.optionName()), seconds(runTime) + SETUP_SECONDS, session -> {
                                RunResult result = DistinctSeatsRun.run(Workload.LINE_BATCH, session,
                                        session.approach(Variants.LIBRARY), level,
                                        session.seatsFor(Variants.LIBRARY, level, runTime), runTime,
                                        key + " " + broker.optionName());
                                session.remember(result);
                                return Optional.of(result);
                            });
                    add(backend, lineLabel(Workload.LINE_BATCH, backend, BenchLine.variant(broker), "c=" + level,
                            key + " " + broker.optionName()), seconds(runTime) + 1, session -> {
                                RunResult result = LineBatchRun.run(session, broker, level,
                                        lineSeats(session, BenchLine.variant(broker), level, runTime), runTime,
                                        key + " " + broker.optionName());
                                session.remember(result);
                                return Optional.of(result);
                            });
                }
            }
        }
    }

    /**
     * Seats for a line-batch run: twice what the direct run before it booked in the run time. A line
     * that submits faster than its worker decides (the in-memory one) would otherwise queue far more
     * than it decides in the run time, and the run would last as long as the backlog; a line that
     * runs out of seats early still gives its true rate, from the gate to its last settled ticket.
     */
    private static int lineSeats(Session session, String variant, int level, Duration runTime) {
        double seconds = runTime.toNanos() / 1e9;
        long wanted = (long) Math.ceil(session.rate(Variants.LIBRARY, level).orElse(1000.0) * seconds * 2);
        // and at most three times what this line settled in the run time before, so that its backlog
        // drains in seconds, not minutes, when it decides far slower than it accepts
        Optional<Double> lineRate = session.rate(variant + "@" + level);
        if (lineRate.isPresent()) {
            wanted = Math.min(wanted, (long) Math.ceil(lineRate.get() * seconds * 3));
        }
        return (int) Math.max(500, Math.min(MAX_LINE_SEATS, wanted));
    }

    private static String lineLabel(Workload workload, BackendKind backend, String variant, String size,
                                    String key) {
        return workload.id() + " " + backend.id() + " " + size + " " + variant + " [" + key + "]";
    }

    private void warmUp(BackendKind backend, List<String> baselines) {
        Duration warmUp = profile.warmUp();
        if (warmUp.isZero()) {
            return;
        }
        List<String> variants = new ArrayList<>();
        variants.add(Variants.LIBRARY);
        variants.addAll(baselines);
        for (String variant : variants) {
            add(backend, "warm-up " + backend.id() + " " + variant, 2 * (seconds(warmUp) + SETUP_SECONDS), session -> {
                // first a small show to learn the rate, then one sized from it: JIT, caches, pool all warm
                Approach approach = session.approach(variant);
                session.remember(DistinctSeatsRun.run(session, approach, 8, 2_000, warmUp, "warm-up"));
                session.remember(DistinctSeatsRun.run(session, approach, 8, session.seatsFor(variant, 8, warmUp),
                        warmUp, "warm-up"));
                return Optional.empty();
            });
        }
        add(backend, "warm-up " + backend.id() + " hot seat", 1.5, session -> {
            HotSeatRun.run(Workload.HOT_SEAT, session, session.timedApproach(Variants.LIBRARY), profile.callers(), 1,
                    "warm-up", Session.ANSWER_TIMEOUT);
            return Optional.empty();
        });
    }

    private void distinctSeats(BackendKind backend, List<String> baselines, boolean pgbench) {
        Duration runTime = profile.runTime();
        double estimate = seconds(runTime) + SETUP_SECONDS;
        for (int level : profile.levels()) {
            if (baselines.isEmpty()) {
                for (int pair = 1; pair <= profile.rawPairs(); pair++) {
                    distinctRun(backend, Variants.LIBRARY, level, "solo#" + pair, estimate);
                }
            }
            for (String baseline : baselines) {
                int pairs = baseline.equals(Variants.RAW_JDBC) ? profile.rawPairs() : profile.otherPairs();
                for (int pair = 1; pair <= pairs; pair++) {
                    String key = baseline + "#" + pair;
                    distinctRun(backend, Variants.LIBRARY, level, key, estimate);
                    distinctRun(backend, baseline, level, key, estimate);
                }
            }
            if (pgbench) {
                for (int pair = 1; pair <= profile.rawPairs(); pair++) {
                    String key = Variants.PGBENCH + "#" + pair;
                    distinctRun(backend, Variants.LIBRARY, level, key, estimate);
                    pgbenchRun(backend, level, key, estimate + 0.5);
                }
            }
        }
    }

    private void distinctRun(BackendKind backend, String variant, int level, String pairKey, double estimate) {
        add(backend, label(Workload.DISTINCT_SEATS, backend, variant, level, pairKey), estimate, session -> {
            Duration runTime = session.profile().runTime();
            RunResult result = DistinctSeatsRun.run(session, session.approach(variant), level,
                    session.seatsFor(variant, level, runTime), runTime, pairKey);
            session.remember(result);
            return Optional.of(result);
        });
    }

    private void pgbenchRun(BackendKind backend, int level, String pairKey, double estimate) {
        int clients = Math.min(level, poolSize);
        add(backend, label(Workload.DISTINCT_SEATS, backend, Variants.PGBENCH, level, pairKey) + " (" + clients
                + " clients)", estimate, session -> {
            double seconds = seconds(session.profile().runTime());
            double rate = session.rate(Variants.LIBRARY, level).orElse(1000.0);
            int transactions = (int) Math.max(20, Math.ceil(rate * seconds / clients));
            RunResult result = PgBenchRun.run(session, session.pgbench().orElseThrow(), level, clients, transactions,
                    pairKey, session.workDir().resolve("pgbench"));
            return Optional.of(result);
        });
    }

    private void hotSeat(BackendKind backend, List<String> baselines) {
        double estimate = profile.hotRounds() * 0.15 + SETUP_SECONDS;
        if (baselines.isEmpty()) {
            for (int pair = 1; pair <= profile.hotPairs(); pair++) {
                hotRun(backend, Variants.LIBRARY, "solo#" + pair, estimate);
            }
        }
        for (String baseline : baselines) {
            for (int pair = 1; pair <= profile.hotPairs(); pair++) {
                String key = baseline + "#" + pair;
                hotRun(backend, Variants.LIBRARY, key, estimate);
                hotRun(backend, baseline, key, estimate);
            }
        }
    }

    private void hotRun(BackendKind backend, String variant, String pairKey, double estimate) {
        add(backend, label(Workload.HOT_SEAT, backend, variant, profile.callers(), pairKey), estimate, session ->
                Optional.of(HotSeatRun.run(Workload.HOT_SEAT, session, session.timedApproach(variant), profile.callers(),
                        profile.hotRounds(), pairKey, Session.ANSWER_TIMEOUT)));
    }

    private void waitingRoom(BackendKind backend) {
        double estimate = profile.hotRounds() * 0.1 + SETUP_SECONDS;
        for (int pair = 1; pair <= profile.hotPairs(); pair++) {
            String key = Variants.WAITING_ROOM + "#" + pair;
            add(backend, label(Workload.WAITING_ROOM, backend, Variants.LIBRARY, profile.callers(), key), estimate,
                    session -> Optional.of(HotSeatRun.direct(session, profile.callers(), profile.hotRounds(), key,
                            Session.ANSWER_TIMEOUT)));
            add(backend, label(Workload.WAITING_ROOM, backend, Variants.WAITING_ROOM, profile.callers(), key),
                    estimate, session -> Optional.of(HotSeatRun.behindRoom(session, profile.callers(),
                            profile.hotRounds(), key, Session.ANSWER_TIMEOUT)));
        }
    }

    /**
     * The stadium on-sale on {@code backend} through the library, then the same on-sale on the in-memory
     * reference repository: one A/B pair, the baseline showing what the harness reaches with no store.
     */
    private void stadium(BackendKind backend) {
        StadiumSizes sizes = StadiumSizes.of(profile).on(backend);
        String key = Variants.IN_MEMORY + "#1";
        // rough: about 8,000 attempts a second on SQL, 1,000 on the in-process Mongo server, more on H2
        double perSecond = backend == BackendKind.MONGO ? 1_000 : backend == BackendKind.H2 ? 20_000 : 8_000;
        String size = String.format("%,d seats %,d users", sizes.seats(), sizes.users());
        add(backend, Workload.STADIUM.id() + " " + backend.id() + " " + size + " " + Variants.LIBRARY + " [" + key
                + "]", 2 + sizes.attempts() / perSecond, session -> Optional.of(StadiumRun.library(session, sizes, key)));
        add(backend, Workload.STADIUM.id() + " " + backend.id() + " " + size + " " + Variants.IN_MEMORY + " [" + key
                + "]", 2 + sizes.attempts() / 40_000.0, session -> Optional.of(StadiumRun.inMemory(session, sizes, key)));
    }

    private void add(BackendKind backend, String label, double estimate, Step.Action action) {
        steps.add(new Step(backend, label, estimate, action));
    }

    private static String label(Workload workload, BackendKind backend, String variant, int level, String pairKey) {
        String concurrency = workload == Workload.DISTINCT_SEATS || workload == Workload.OUTBOX_COST ? "c=" + level
                : level + " callers";
        return workload.id() + " " + backend.id() + " " + concurrency + " " + variant + " [" + pairKey + "]";
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
