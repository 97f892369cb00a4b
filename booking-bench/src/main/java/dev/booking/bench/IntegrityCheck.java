package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what callers were told with what the store holds: no seat may have two callers told
 * "Booked", and every "Booked" must be the stored owner (nothing acknowledged lost).
 *
 * @param problems   one line per violation; empty when the check passes
 * @param winners    "Booked" answers
 * @param bookedSeats seats the store holds as booked
 */
record IntegrityCheck(List<String> problems, int winners, int bookedSeats) {

    boolean passed() {
        return problems.isEmpty();
    }

    /**
     * Checks a race.
     *
     * @param results         the answers; {@code null} for calls that failed
     * @param stored          the seats as the store holds them afterwards
     * @param unknownOutcomes calls that failed: each may or may not have booked its seat
     */
    static IntegrityCheck of(List<BookingResult> results, List<SeatState> stored, int unknownOutcomes) {
        Map<SeatId, List<UserId>> winnersBySeat = new HashMap<>();
        for (BookingResult result : results) {
            if (result instanceof BookingResult.Booked booked) {
                winnersBySeat.computeIfAbsent(booked.seat(), s -> new ArrayList<>()).add(booked.owner());
            }
        }
        List<String> problems = new ArrayList<>();
        Map<SeatId, SeatState> storedBySeat = new HashMap<>();
        stored.forEach(s -> storedBySeat.put(s.seat(), s));
        winnersBySeat.forEach((seat, winners) -> {
            if (winners.size() > 1) {
                problems.add(seat + " was given to " + winners.size() + " callers: " + winners);
            }
            SeatState state = storedBySeat.get(seat);
            if (state == null || !winners.contains(state.owner())) {
                problems.add(seat + ": a caller was told Booked but the store holds "
                        + (state == null ? "no such seat" : String.valueOf(state.owner())));
            }
        });
        long booked = stored.stream().filter(s -> !s.isEmpty()).count();
        int winners = winnersBySeat.values().stream().mapToInt(List::size).sum();
        if (booked < winners || booked > winners + unknownOutcomes) {
            problems.add(booked + " seats are stored as booked but " + winners + " callers were told Booked"
                    + (unknownOutcomes > 0 ? " and " + unknownOutcomes + " calls failed" : ""));
        }
        return new IntegrityCheck(List.copyOf(problems), winners, (int) booked);
    }
}
