package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The groups workload (issue 18): {@code concurrency} clients, released together by the kit's
 * {@link Race}, in a closed loop, each call a different user booking a group of adjacent seats of a
 * fresh show, all or nothing, until the run time is up or the seats run out. Call {@code i} asks for
 * <ul>
 *   <li>distinct: seats {@code i*size} to {@code i*size+size-1}, free, so every call wins;</li>
 *   <li>overlapping: seats {@code i} to {@code i+size-1}, a window sliding one seat per call, so each
 *       group shares seats with the {@code size-1} groups either side, asked for at the same moment by
 *       other clients: contention, and losers.</li>
 * </ul>
 * The user picks the group's seats in an order of their own (shuffled per call, reproducibly), which
 * hand-written locking follows and the library ignores (it locks in seat order). Groups of one are the
 * single-seat reference, booked with {@code tryBook} (and FOR UPDATE of one seat), measured in the same
 * harness so that the ratio of seats per second is side by side. Every failure is counted by its kind
 * ({@link CallFailure}). Latency is service time as a closed-loop client sees it.
 */
final class GroupsRun {

    /** How long to wait for the last call after the run time before declaring the run stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private GroupsRun() {
    }

    /**
     * A group size and whether the groups overlap: one row of the groups table per approach.
     *
     * @param size        seats per group, 1 to {@link ClaimRequest#MAX_SEATS}
     * @param overlapping whether each group shares seats with its neighbours; needs at least 2 seats
     */
    record Shape(int size, boolean overlapping) {

        private static final String DISTINCT = "distinct";
        private static final String OVERLAPPING = "overlapping";

        Shape {
            if (size < 1 || size > ClaimRequest.MAX_SEATS) {
                throw new IllegalArgumentException("size must be 1 to " + ClaimRequest.MAX_SEATS + ", was " + size);
            }
            if (overlapping && size < 2) {
                throw new IllegalArgumentException("size must be at least 2 for overlapping groups, was " + size);
            }
        }

        /** The shapes of a full run: single seats, then groups of 2 and 4, distinct and overlapping. */
        static List<Shape> all() {
            return List.of(new Shape(1, false), new Shape(2, false), new Shape(2, true), new Shape(4, false),
                    new Shape(4, true));
        }

        /** The variant name of {@code approach} on this shape, e.g. {@code for-update 4 overlapping}. */
        String variant(String approach) {
            return approach + " " + size + " " + (overlapping ? OVERLAPPING : DISTINCT);
        }

        /** The shape a variant name of {@link #variant} names. */
        static Shape ofVariant(String variant) {
            String[] parts = variant.split(" ");
            if (parts.length != 3 || !(parts[2].equals(DISTINCT) || parts[2].equals(OVERLAPPING))) {
                throw new IllegalArgumentException("variant must be '<approach> <size> distinct|overlapping', was "
                        + variant);
            }
            return new Shape(Integer.parseInt(parts[1]), parts[2].equals(OVERLAPPING));
        }

        /** Seats a run of {@code calls} calls needs. */
        int seatsFor(int calls) {
            return overlapping ? calls + size - 1 : calls * size;
        }

        /** The first seat of call {@code i}'s group. */
        int first(int call) {
            return overlapping ? call : call * size;
        }
    }

    /**
     * Adds {@code seatCount} empty seats, runs, checks the result against the store, and removes the seats.
     *
     * @param session     the backend's session: its store, show ids and name
     * @param approach    the library or the hand-written baseline
     * @param shape       group size and overlap
     * @param concurrency client threads
     * @param seatCount   seats to prepare: enough for the run time at the expected rate
     * @param runTime     how long to keep calling
     * @param pairKey     the A/B pair this run belongs to
     */
    static RunResult run(Session session, GroupApproach approach, Shape shape, int concurrency, int seatCount,
                         Duration runTime, String pairKey) {
        if (shape.size() == 1 && approach.reference()) {
            throw new IllegalArgumentException("approach must be a single-seat one for groups of one");
        }
        Store store = session.store();
        ShowId show = session.shows().next();
        store.addEmptySeats(show, seatCount);
        try {
            List<String> numbers = ShowIds.numbers(seatCount);
            int callCount = shape.overlapping() ? seatCount - shape.size() + 1 : seatCount / shape.size();
            ClaimRequest[] requests = new ClaimRequest[callCount];
            Answer[] answers = new Answer[callCount]; // null: not tried
            ErrorTally errors = new ErrorTally();
            AtomicInteger next = new AtomicInteger();
            AtomicLong deadline = new AtomicLong(); // set at the gate, before it opens: the gate publishes it
            List<Race.Attempt<Histogram>> clients;
            try {
                clients = Race.run(concurrency, client -> () -> {
                    Histogram latency = new Histogram(3);
                    while (true) {
                        int i = next.getAndIncrement();
                        long start = System.nanoTime();
                        if (i >= callCount || start - deadline.get() >= 0) {
                            return latency;
                        }
                        int first = shape.first(i);
                        ClaimRequest request = ClaimRequest.book(show, UserId.of("u" + i),
                                numbers.subList(first, first + shape.size()));
                        List<SeatId> picked = pickingOrder(request.seats(), i);
                        Answer answer;
                        try {
                            answer = approach.claim(request, picked);
                        } catch (RuntimeException e) {
                            errors.record(CallFailure.key(e), 1);
                            answer = Answer.FAILED;
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        requests[i] = request;
                        answers[i] = answer;
                    }
                }, runTime.plus(STUCK_AFTER), () -> deadline.set(System.nanoTime() + runTime.toNanos()));
            } catch (AssertionError e) {
                throw new IllegalStateException(approach.name() + " got stuck: " + e.getMessage(), e);
            }
            long wall = System.nanoTime() - (deadline.get() - runTime.toNanos());

            Histogram latency = new Histogram(3);
            for (Race.Attempt<Histogram> client : clients) {
                if (client.failure() != null) {
                    errors.record(CallFailure.key(client.failure()), 1);
                } else {
                    latency.add(client.value());
                }
            }
            List<Call> calls = new ArrayList<>();
            List<Answer> told = new ArrayList<>();
            for (int i = 0; i < callCount; i++) {
                if (answers[i] != null) {
                    calls.add(approach.call(requests[i]));
                    told.add(answers[i]);
                }
            }
            Integrity integrity = GroupIntegrity.of(calls, told, store.repository().listSeats(show),
                    shape.overlapping());
            return new RunResult(Workload.GROUPS, session.kind().id(), shape.variant(approach.name()), concurrency,
                    pairKey, integrity.callers(), wall, latency, null, errors.samples(), errors.total(), integrity,
                    -1);
        } finally {
            store.dropShow(show);
        }
    }

    /**
     * The order in which the user of call {@code call} picked the seats: a shuffle seeded by the call,
     * so that a run's picks are the same for the library and the baseline of a pair.
     */
    static List<SeatId> pickingOrder(List<SeatId> seats, int call) {
        List<SeatId> picked = new ArrayList<>(seats);
        SplittableRandom random = new SplittableRandom(call);
        for (int i = picked.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            SeatId swap = picked.get(i);
            picked.set(i, picked.get(j));
            picked.set(j, swap);
        }
        return picked;
    }
}
