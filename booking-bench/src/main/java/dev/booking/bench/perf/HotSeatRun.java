package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.CallBreakdown;
import dev.booking.bench.CountingSeatRepository;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.Round;
import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.waitingroom.WaitingRoom;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot-seat workload: {@code callers} threads, each a different user, released together to book
 * the same seat; when all have their answer, the next {@link Round} starts on the next seat. Records each caller's latency from the moment the gate opens, as if all pressed "Book" at that
 * instant, each round's time until the last answer, and how many callers each round told "you won".
 * Also the waiting-room workload: the same race straight to the library and through a
 * {@link WaitingRoom}, counting the calls that reach the repository.
 */
final class HotSeatRun {

    private HotSeatRun() {
    }

    /**
     * Adds one seat per round, races, checks every round against the store, and removes the seats.
     *
     * @param workload      the workload the result is filed under
     * @param session       the backend's session: its store, show ids and name
     * @param approach      the variant under test
     * @param callers       callers per seat
     * @param rounds        seats, raced one after the other
     * @param pairKey       the A/B pair this run belongs to
     * @param answerTimeout how long a round may take before the run gives up and reports the unanswered
     */
    static RunResult run(Workload workload, Session session, Approach approach, int callers, int rounds,
                         String pairKey, Duration answerTimeout) {
        Store store = session.store();
        ShowId show = session.shows().next();
        store.addEmptySeats(show, rounds);
        try {
            List<UserId> users = new ArrayList<>(callers);
            for (int i = 0; i < callers; i++) {
                users.add(UserId.of("caller-" + i));
            }
            ErrorTally errors = new ErrorTally();
            List<SeatId> seats = ShowIds.seats(show, rounds);
            List<Round> raced = Round.run(callers, rounds, (round, caller) -> approach.book(seats.get(round),
                    users.get(caller)), answerTimeout, errors, null);
            Histogram latency = new Histogram(3);
            Histogram roundTimes = new Histogram(3);
            List<Call> calls = new ArrayList<>();
            List<Answer> answers = new ArrayList<>();
            long wall = 0;
            long completed = 0;
            CallBreakdown breakdown = CallBreakdown.empty();
            for (int r = 0; r < raced.size(); r++) {
                Round round = raced.get(r);
                SeatId seat = seats.get(r);
                roundTimes.recordValue(Math.max(1, round.wallNanos() / 1000));
                wall += round.wallNanos();
                latency.add(round.sinceGateMicros());
                breakdown = breakdown.plus(round.breakdown());
                users.forEach(user -> calls.add(Call.booking(seat, user)));
                answers.addAll(round.answers());
                completed += callers - round.unanswered();
            }
            Integrity integrity = Integrity.of(calls, answers, store.repository().listSeats(show));
            return new RunResult(workload, session.kind().id(), approach.name(), callers, pairKey, completed, wall,
                    latency, roundTimes, errors.samples(), errors.total(), integrity, -1, breakdown, null);
        } finally {
            store.dropShow(show);
        }
    }

    /** The waiting-room workload's baseline: the hot seat, every caller calling the library directly. */
    static RunResult direct(Session session, int callers, int rounds, String pairKey, Duration answerTimeout) {
        CountingSeatRepository counted = new CountingSeatRepository(session.store().repository());
        RunResult result = run(Workload.WAITING_ROOM, session, Approach.library(Variants.LIBRARY, counted), callers,
                rounds, pairKey, answerTimeout);
        return result.withStoreCalls(counted.calls());
    }

    /** The hot seat, every caller going through one waiting room (default settings) in front of the library. */
    static RunResult behindRoom(Session session, int callers, int rounds, String pairKey, Duration answerTimeout) {
        return behindRoom(Workload.WAITING_ROOM, session, callers, rounds, pairKey, answerTimeout);
    }

    /** The same, filed under {@code workload} (the line's hot seat compares against it). */
    static RunResult behindRoom(Workload workload, Session session, int callers, int rounds, String pairKey,
                                Duration answerTimeout) {
        CountingSeatRepository counted = new CountingSeatRepository(session.store().repository());
        try (WaitingRoom room = WaitingRoom.builder(counted).build()) {
            RunResult result = run(workload, session,
                    Approach.library(Variants.WAITING_ROOM, room.asRepository()), callers, rounds, pairKey,
                    answerTimeout);
            return result.withStoreCalls(counted.calls());
        }
    }
}
