package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import dev.booking.tck.history.History;
import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.Operation;
import dev.booking.tck.history.SeatModel;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A race under faults, followed by the integrity audit: every call is recorded in a history; every
 * call whose outcome is unknown is resolved by repeating it (the same user on the same seat answers
 * {@code AlreadyYours} if it had committed); the history must be linearizable; every acknowledged
 * booking must be stored; and the repository must work again.
 */
final class AuditedRace {

    /**
     * The figures of one audited race.
     *
     * @param operations   calls recorded, retries included
     * @param unknown      calls whose outcome was unknown when they failed
     * @param committed    of those, how many the retry showed had committed ({@code AlreadyYours})
     * @param withoutEffect calls that failed and certainly had no effect (rolled back, rejected)
     * @param violations   seats whose history is not linearizable
     */
    record Report(int operations, long unknown, long committed, long withoutEffect, int violations) {
    }

    private AuditedRace() {
    }

    /** A fault injected while the race runs; {@link #close()} ends it (and waits until it has ended). */
    interface Fault extends AutoCloseable {
        /** No fault at all. */
        Fault NONE = () -> { };

        @Override
        void close() throws Exception;
    }

    /**
     * Races, ends the fault, resolves unknown outcomes, and audits.
     *
     * @param startFault starts the fault when every racer is ready, just before the gate opens
     */
    static Report run(SeatRepository seats, String label, int callers, int seatCount, Supplier<Fault> startFault)
            throws Exception {
        ShowId show = ShowId.of("audit-" + label + "-" + System.nanoTime());
        List<SeatId> seatIds = IntStream.range(0, seatCount).mapToObj(i -> show.seat("S" + i)).toList();
        retryUntilAvailable(() -> {
            seats.addSeats(show, seatIds.stream().map(SeatId::number).toList());
            return null;
        });
        History history = new History();
        AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
        try {
            // the fault starts once all racers are ready: starting them can take seconds on a loaded machine
            Race.run(callers, caller -> () -> history.book(seats, seatIds.get(caller % seatCount), UserId.of("u" + caller)),
                    Duration.ofMinutes(3), () -> fault.set(startFault.get()));
        } finally {
            fault.get().close();
        }

        // resolve every unknown outcome by repeating the same call once the database answers again
        List<Operation> unknown = history.operations().stream().filter(Operation::isUnknown).toList();
        long committed = 0;
        for (Operation op : unknown) {
            BookingResult answer = retryUntilAvailable(() -> history.book(seats, op.seat(), op.user()));
            if (answer instanceof BookingResult.AlreadyYours) {
                committed++;
            }
        }

        LinearizabilityChecker.Verdict verdict =
                new LinearizabilityChecker().check(history.operations(), seat -> SeatModel.EMPTY);
        assertThat(verdict.linearizable()).as(verdict.describe()).isTrue();

        Map<SeatId, UserId> acknowledged = new HashMap<>();
        for (Operation op : history.operations()) {
            if (op.observed() == Operation.Observed.BOOKED || op.observed() == Operation.Observed.ALREADY_YOURS) {
                UserId previous = acknowledged.put(op.seat(), op.user());
                assertThat(previous == null || previous.equals(op.user()))
                        .as("%s was acknowledged to %s and to %s", op.seat(), previous, op.user()).isTrue();
            }
        }
        List<SeatState> stored = retryUntilAvailable(() -> seats.listSeats(show));
        for (SeatState state : stored) {
            if (acknowledged.containsKey(state.seat())) {
                assertThat(state.owner()).as("stored owner of %s", state.seat()).isEqualTo(acknowledged.get(state.seat()));
            }
        }
        assertThat(stored.stream().filter(s -> !s.isEmpty()).count())
                .as("booked seats against acknowledged seats").isEqualTo(acknowledged.size());

        // and it works again
        ShowId after = ShowId.of(show.value() + "-after");
        seats.addSeats(after, List.of("1"));
        assertThat(seats.tryBook(after.seat("1"), UserId.of("afterwards"))).isInstanceOf(BookingResult.Booked.class);

        Report report = new Report(history.operations().size(), unknown.size(), committed,
                history.failedWithoutEffect(), verdict.violations().size());
        System.out.printf("[audit] %s: %d operations, %d unknown outcomes all resolved by retry (%d had committed),"
                + " %d failed without effect, %d violations%n", label, report.operations(), report.unknown(),
                report.committed(), report.withoutEffect(), report.violations());
        return report;
    }

    /** Repeats {@code call} while the database is unreachable, for up to two minutes. */
    static <T> T retryUntilAvailable(Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (BookingException e) {
                if (!e.failure().isTransient() || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
