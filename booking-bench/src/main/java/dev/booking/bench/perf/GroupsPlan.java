package dev.booking.bench.perf;

import dev.booking.bench.SqlStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the groups workload on one backend, for {@link Plan}: a short warm-up of the group
 * paths, then per concurrency level and {@link GroupsRun.Shape} the library and the hand-written
 * FOR UPDATE baseline in A/B pairs (library first), or the library alone where there is no SQL. The
 * level is 32 clients, the issue's target, unless {@code --concurrency} names others; the full run
 * has the profile's pairs for the other baselines, the quick run one, without warm-up and on at most
 * {@value #QUICK_SEATS} seats per run.
 */
final class GroupsPlan {

    /** The concurrency the issue's target is set at, and the default level of this workload. */
    static final int TARGET_LEVEL = 32;
    /** The most seats of one quick run: the smoke test checks integrity, and set-up time is its cost. */
    private static final int QUICK_SEATS = 1_000;
    /** Per-run overhead beyond the timed part (adding, reading back and deleting seats), for estimates. */
    private static final double SETUP_SECONDS = 0.4;

    private final BackendKind backend;
    private final Profile profile;
    /** Calls per second seen so far per variant and level, from which the next run's seats are sized. */
    private final Map<String, Double> callRates = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();

    private GroupsPlan(BackendKind backend, Profile profile) {
        this.backend = backend;
        this.profile = profile;
    }

    /** The groups steps for {@code backend} under {@code profile}. */
    static List<Step> steps(BackendKind backend, Profile profile) {
        GroupsPlan plan = new GroupsPlan(backend, profile);
        plan.plan();
        return List.copyOf(plan.steps);
    }

    /** The levels measured: 32, or the levels given with {@code --concurrency} on a full run. */
    static List<Integer> levels(Profile profile) {
        return profile.isQuick() || profile.levels().equals(Profile.LEVELS) ? List.of(TARGET_LEVEL) : profile.levels();
    }

    /** One line for the settings: levels, shapes, run time and pairs. */
    static String describe(Profile profile) {
        return "client threads " + levels(profile) + "; groups of " + shapes(profile).stream()
                .map(shape -> shape.size() + (shape.overlapping() ? " overlapping" : " distinct")).toList()
                + " (1 = tryBook); runs of " + profile.runTime().toMillis() + " ms; " + profile.otherPairs()
                + " A/B pairs of library and for-update per shape (SQL), library alone on MongoDB";
    }

    /**
     * The shapes measured: all of them, or in the quick run all but distinct groups of 2, which add
     * nothing to the smoke test that distinct groups of 4 do not.
     */
    static List<GroupsRun.Shape> shapes(Profile profile) {
        return GroupsRun.Shape.all().stream()
                .filter(shape -> !profile.isQuick() || shape.overlapping() || shape.size() != 2).toList();
    }

    /** The approach named {@code variant} ({@link Variants#LIBRARY} or {@link Variants#FOR_UPDATE}) for a shape. */
    static GroupApproach approach(Session session, String variant, GroupsRun.Shape shape) {
        if (shape.size() == 1) {
            return GroupApproach.single(session.approach(variant)); // tryBook, or FOR UPDATE of one seat
        }
        if (variant.equals(Variants.LIBRARY)) {
            return GroupApproach.library(session.store().repository());
        }
        if (variant.equals(Variants.FOR_UPDATE) && session.store() instanceof SqlStore sql) {
            return SqlBaselines.forUpdateGroup(sql.pool(), sql.statements());
        }
        throw new IllegalArgumentException(session.kind().id() + " has no group variant " + variant);
    }

    private void plan() {
        List<String> baselines = backend.sql() ? List.of(Variants.FOR_UPDATE) : List.of();
        Duration warmUp = profile.warmUp().dividedBy(2);
        if (!warmUp.isZero() && !profile.isQuick()) { // the quick run measures nothing worth warming up for
            List<String> variants = new ArrayList<>(List.of(Variants.LIBRARY));
            variants.addAll(baselines);
            step("warm-up " + backend.id() + " groups", variants.size() * 2 * (seconds(warmUp) + SETUP_SECONDS),
                    session -> {
                        for (String variant : variants) {
                            for (GroupsRun.Shape shape : List.of(new GroupsRun.Shape(1, false),
                                    new GroupsRun.Shape(4, true))) {
                                remember(GroupsRun.run(session, approach(session, variant, shape), shape, 8,
                                        seatsFor(session, variant, shape, 8, warmUp), warmUp, "warm-up"));
                            }
                        }
                        return Optional.empty();
                    });
        }
        Duration runTime = profile.runTime();
        double estimate = seconds(runTime) + SETUP_SECONDS;
        int pairs = profile.otherPairs();
        for (int level : levels(profile)) {
            for (GroupsRun.Shape shape : shapes(profile)) {
                for (int pair = 1; pair <= pairs; pair++) {
                    if (baselines.isEmpty()) {
                        run(Variants.LIBRARY, shape, level, "solo#" + pair, estimate);
                    }
                    for (String baseline : baselines) {
                        String key = baseline + "#" + pair;
                        run(Variants.LIBRARY, shape, level, key, estimate);
                        run(baseline, shape, level, key, estimate);
                    }
                }
            }
        }
    }

    private void run(String variant, GroupsRun.Shape shape, int level, String pairKey, double estimate) {
        step(Workload.GROUPS.id() + " " + backend.id() + " c=" + level + " " + shape.variant(variant) + " [" + pairKey
                + "]", estimate, session -> {
                    Duration runTime = session.profile().runTime();
                    RunResult result = GroupsRun.run(session, approach(session, variant, shape), shape, level,
                            seatsFor(session, variant, shape, level, runTime), runTime, pairKey);
                    remember(result);
                    return Optional.of(result);
                });
    }

    private void remember(RunResult run) {
        if (run.operations() > 0) {
            callRates.put(run.variant() + "@" + run.concurrency(), run.throughput());
        }
    }

    /**
     * Seats for a run: the calls the variant made per second at this level before (else the single-seat
     * library's rate, which no group call beats), half as many again, turned into seats by the shape;
     * bounded, to cap set-up time (a run that uses them all up ends early, its rate still true).
     */
    private int seatsFor(Session session, String variant, GroupsRun.Shape shape, int level, Duration runTime) {
        Double seen = callRates.get(shape.variant(variant) + "@" + level);
        double rate = seen != null ? seen * 1.5
                : session.rate(Variants.LIBRARY, level).map(r -> r * 2.5)
                .orElse(profile.maxSeatsPerRun() / 2.0 / seconds(runTime));
        int calls = (int) Math.min(Integer.MAX_VALUE / 8, Math.ceil(rate * seconds(runTime)) + 100);
        int most = profile.isQuick() ? QUICK_SEATS : profile.maxSeatsPerRun();
        return (int) Math.max(200, Math.min(most, shape.seatsFor(calls)));
    }

    private void step(String label, double estimate, Step.Action action) {
        steps.add(new Step(backend, label, estimate, action));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
