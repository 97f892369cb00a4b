package dev.booking.tck.history;

import dev.booking.core.SeatId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether a history is linearizable against {@link SeatModel}: whether its operations can
 * be put in one order that respects real time (an operation that returned before another was
 * invoked comes first) and in which every observed outcome is what the model would answer.
 *
 * <p>Seats are independent registers, so the history is split per seat and each part is checked on
 * its own (linearizability is compositional), which keeps large races cheap. Each part is searched
 * depth-first in the manner of Wing and Gong with Lowe's memoisation of visited configurations. One
 * more pruning keeps races of a thousand callers linear in practice: an operation that only
 * observes (a {@code Taken}, an {@code AlreadyYours}, a read) and is legal now can be linearized at
 * once without ever being reconsidered, because moving such an operation to the front of any valid
 * order keeps that order valid; the same holds for an operation with an unknown outcome that cannot
 * change an owned seat, in a history without releases.
 *
 * <p>Operations with an unknown outcome may take effect at any time after their invocation or
 * never. A violation is shrunk to a minimal failing sub-history for the report.
 *
 * <p>Thread-safety: stateless; safe to share.
 */
public final class LinearizabilityChecker {

    /** Search steps allowed for one seat before the checker gives up (it then reports an error). */
    private static final long STEP_BUDGET = 20_000_000L;
    private static final int SHRINK_CHECKS = 4_000;

    /**
     * Checks a whole history.
     *
     * @param operations every completed or unknown operation
     * @param initial    each seat's state before the history began
     * @return the verdict, with one violation per seat that is not linearizable
     */
    public Verdict check(List<Operation> operations, Function<SeatId, SeatModel> initial) {
        Map<SeatId, List<Operation>> bySeat = new LinkedHashMap<>();
        for (Operation op : operations) {
            bySeat.computeIfAbsent(op.seat(), seat -> new ArrayList<>()).add(op);
        }
        List<Violation> violations = new ArrayList<>();
        bySeat.forEach((seat, ops) -> {
            SeatModel start = initial.apply(seat);
            if (!linearizable(ops, start)) {
                violations.add(new Violation(seat, start, shrink(ops, start), ops.size()));
            }
        });
        long unknown = operations.stream().filter(Operation::isUnknown).count();
        return new Verdict(operations.size(), bySeat.size(), (int) unknown, violations);
    }

    /** Whether one seat's operations are linearizable from {@code start}. */
    boolean linearizable(List<Operation> ops, SeatModel start) {
        return new Search(ops, start).run();
    }

    /**
     * A minimal failing sub-history: first drops operations that only observe, in ever smaller
     * chunks (delta debugging), then tries dropping each remaining observer once. Operations that
     * change the seat are all kept: without one of them a history can fail for a reason the real one
     * does not have (drop a release, and a read that saw it looks like a lost write), whereas dropping
     * observers keeps every failing sub-history a true witness against the whole.
     */
    private List<Operation> shrink(List<Operation> ops, SeatModel start) {
        int[] budget = {SHRINK_CHECKS};
        List<Operation> fixed = ops.stream().filter(op -> !SeatModel.observesOnly(op)).toList();
        List<Operation> observers = new ArrayList<>(ops.stream().filter(SeatModel::observesOnly).toList());
        int chunks = 2;
        while (observers.size() >= 1 && budget[0] > 0) {
            int size = (int) Math.ceil(observers.size() / (double) chunks);
            boolean reduced = false;
            for (int from = 0; from < observers.size() && budget[0] > 0; from += size) {
                List<Operation> without = new ArrayList<>(observers.subList(0, from));
                without.addAll(observers.subList(Math.min(observers.size(), from + size), observers.size()));
                if (fails(merge(fixed, without), start, budget)) {
                    observers = without;
                    chunks = Math.max(chunks - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (size == 1) {
                    break;
                }
                chunks = Math.min(chunks * 2, observers.size());
            }
        }
        List<Operation> result = new ArrayList<>(merge(fixed, observers));
        for (int i = result.size() - 1; i >= 0 && budget[0] > 0; i--) {
            if (!SeatModel.observesOnly(result.get(i))) {
                continue;
            }
            List<Operation> without = new ArrayList<>(result);
            without.remove(i);
            if (fails(without, start, budget)) {
                result = without;
            }
        }
        return List.copyOf(result);
    }

    private boolean fails(List<Operation> ops, SeatModel start, int[] budget) {
        budget[0]--;
        return !linearizable(ops, start);
    }

    private static List<Operation> merge(List<Operation> a, List<Operation> b) {
        List<Operation> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(Comparator.comparingInt(Operation::id));
        return all;
    }

    /** One depth-first search over the configurations of one seat's history. */
    private static final class Search {

        /** A call or return event in the doubly linked list of pending events. */
        private static final class Event {
            final Operation op;
            final int index;
            final boolean call;
            final long time;
            Event match;
            Event prev;
            Event next;

            Event(Operation op, int index, boolean call) {
                this.op = op;
                this.index = index;
                this.call = call;
                this.time = op == null ? Long.MIN_VALUE : call ? op.invoked() : op.returned();
            }
        }

        private record Frame(Event call, SeatModel before, boolean forced) {
        }

        private record Configuration(BitSet linearized, SeatModel state) {
        }

        private final Event head = new Event(null, -1, true);
        private final SeatModel start;
        /** No operation of this history can empty the seat once it is owned (no releases). */
        private final boolean monotonic;
        private int definitePending;

        Search(List<Operation> ops, SeatModel start) {
            this.start = start;
            this.monotonic = ops.stream().noneMatch(op -> op.kind() == Operation.Kind.RELEASE);
            List<Event> events = new ArrayList<>(ops.size() * 2);
            for (int i = 0; i < ops.size(); i++) {
                Operation op = ops.get(i);
                Event call = new Event(op, i, true);
                Event ret = new Event(op, i, false);
                call.match = ret;
                ret.match = call;
                events.add(call);
                events.add(ret);
                if (!op.isUnknown()) {
                    definitePending++;
                }
            }
            // calls before returns at equal times: touching intervals count as concurrent
            events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparing(e -> !e.call));
            Event last = head;
            for (Event e : events) {
                last.next = e;
                e.prev = last;
                last = e;
            }
        }

        boolean run() {
            BitSet linearized = new BitSet();
            Set<Configuration> visited = new HashSet<>();
            Deque<Frame> stack = new ArrayDeque<>();
            SeatModel state = start;
            Event entry = head.next;
            long steps = 0;
            while (definitePending > 0) {
                if (++steps > STEP_BUDGET) {
                    throw new IllegalStateException("linearizability undecided after " + STEP_BUDGET + " steps");
                }
                if (entry != null && entry.call) {
                    SeatModel next = state.apply(entry.op);
                    if (next != null) {
                        BitSet candidate = (BitSet) linearized.clone();
                        candidate.set(entry.index);
                        if (visited.add(new Configuration(candidate, next))) {
                            stack.push(new Frame(entry, state, forced(entry.op, state, next)));
                            linearized = candidate;
                            state = next;
                            lift(entry);
                            entry = head.next;
                            continue;
                        }
                    }
                    entry = entry.next;
                    continue;
                }
                // a pending operation returned (or nothing is left to try): undo the last choice
                while (true) {
                    if (stack.isEmpty()) {
                        return false;
                    }
                    Frame frame = stack.pop();
                    state = frame.before();
                    linearized.clear(frame.call().index);
                    unlift(frame.call());
                    if (!frame.forced()) {
                        entry = frame.call().next;
                        break;
                    }
                }
            }
            return true;
        }

        /**
         * Whether linearizing {@code op} here can never be the wrong choice: it only observes, or its
         * outcome is unknown and it changes nothing now nor could later, because nothing in this
         * history empties an owned seat again. Without the second case every unknown outcome would
         * double the search.
         */
        private boolean forced(Operation op, SeatModel before, SeatModel after) {
            return SeatModel.observesOnly(op)
                    || (monotonic && op.isUnknown() && after.equals(before) && before.owner() != null);
        }

        private void lift(Event call) {
            remove(call);
            remove(call.match);
            if (!call.op.isUnknown()) {
                definitePending--;
            }
        }

        private void unlift(Event call) {
            restore(call.match);
            restore(call);
            if (!call.op.isUnknown()) {
                definitePending++;
            }
        }

        private static void remove(Event e) {
            e.prev.next = e.next;
            if (e.next != null) {
                e.next.prev = e.prev;
            }
        }

        private static void restore(Event e) {
            e.prev.next = e;
            if (e.next != null) {
                e.next.prev = e;
            }
        }
    }

    /**
     * One seat whose history is not linearizable.
     *
     * @param seat           the seat
     * @param initial        its state before the history
     * @param counterExample a minimal failing sub-history, in invocation order
     * @param operations     how many operations the seat's full history had
     */
    public record Violation(SeatId seat, SeatModel initial, List<Operation> counterExample, int operations) {

        /** A readable report of the counter-example. */
        public String describe() {
            long origin = counterExample.stream().mapToLong(Operation::invoked).min().orElse(0);
            StringBuilder text = new StringBuilder()
                    .append("seat ").append(seat).append(" (initially ").append(initial).append(") is not linearizable;")
                    .append(" a minimal failing history, ").append(counterExample.size()).append(" of ")
                    .append(operations).append(" operations:\n");
            counterExample.forEach(op -> text.append("    ").append(op.describe(origin)).append('\n'));
            return text.append("  no order of these operations that respects real time is a legal run of one seat")
                    .toString();
        }
    }

    /**
     * The outcome of a check.
     *
     * @param operations how many operations were checked
     * @param seats      over how many seats
     * @param unknown    how many had an unknown outcome
     * @param violations the seats that are not linearizable; empty when the history is
     */
    public record Verdict(int operations, int seats, int unknown, List<Violation> violations) {

        /** Whether every seat's history is linearizable. */
        public boolean linearizable() {
            return violations.isEmpty();
        }

        /** A readable summary, with every counter-example. */
        public String describe() {
            StringBuilder text = new StringBuilder(String.format(
                    "%d operations on %d seats (%d with unknown outcome): %s", operations, seats, unknown,
                    linearizable() ? "linearizable" : violations.size() + " seat(s) NOT linearizable"));
            violations.forEach(v -> text.append('\n').append(v.describe()));
            return text.toString();
        }
    }
}
