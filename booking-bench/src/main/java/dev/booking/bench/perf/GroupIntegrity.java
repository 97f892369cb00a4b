package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.Integrity;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The integrity check of a group run. {@link Integrity#of} already judges groups: no seat given to
 * two callers ({@link Integrity#doubleBookings()}), every group a caller was told it won stored whole,
 * for it and under its reference ({@link Integrity#unstoredWins()}), and no seat taken that no winner
 * stored whole accounts for, which is how a partial group shows ({@link Integrity#unexplainedSeats()}).
 * What differs is one expectation: where groups overlap, a seat may rightly stay free, because every
 * group over it lost to a neighbour; so for overlapping runs only the seats somebody won count as
 * raced for, and "exactly one winner per seat" means "never two".
 */
final class GroupIntegrity {

    private GroupIntegrity() {
    }

    /**
     * Checks a group run.
     *
     * @param calls            every call, by caller
     * @param answers          what each call came to, in the same order
     * @param stored           the seats of the show as the store holds them afterwards
     * @param seatsMayStayFree true for overlapping groups: a seat nobody won is no fault
     */
    static Integrity of(List<Call> calls, List<Answer> answers, List<SeatState> stored, boolean seatsMayStayFree) {
        Integrity integrity = Integrity.of(calls, answers, stored);
        if (!seatsMayStayFree) {
            return integrity;
        }
        Set<SeatId> won = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            if (answers.get(i) == Answer.WON) {
                won.addAll(calls.get(i).seats());
            }
        }
        return new Integrity(won.size(), integrity.callers(), integrity.answered(), integrity.unanswered(),
                integrity.won(), integrity.seatsWithOneWinner(), integrity.doubleBookings(), integrity.unstoredWins(),
                integrity.unexplainedSeats(), integrity.otherAnswers(), integrity.takenSeats(), integrity.examples());
    }
}
