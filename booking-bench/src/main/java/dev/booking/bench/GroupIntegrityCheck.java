package dev.booking.bench;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what the callers of a group race were told with what the store holds: no seat in two
 * acknowledged groups, every acknowledged group stored whole, and no taken seat outside a group
 * that is stored whole (no partial group left behind).
 *
 * @param problems    one line per violation; empty when the check passes
 * @param groupsWon   {@code Claimed} answers
 * @param bookedSeats seats the store holds as taken
 */
record GroupIntegrityCheck(List<String> problems, int groupsWon, int bookedSeats) {

    boolean passed() {
        return problems.isEmpty();
    }

    /**
     * Checks a group race.
     *
     * @param requests the requests, by caller
     * @param results  the answers, by caller; {@code null} where the call failed, whose outcome is
     *                 unknown: its group may be stored, but then whole
     * @param stored   the seats as the store holds them afterwards
     */
    static GroupIntegrityCheck of(List<ClaimRequest> requests, List<ClaimResult> results, List<SeatState> stored) {
        List<String> problems = new ArrayList<>();
        Map<SeatId, SeatState> storedBySeat = new HashMap<>();
        stored.forEach(state -> storedBySeat.put(state.seat(), state));
        Map<SeatId, ClaimRequest> groupOfSeat = new HashMap<>();
        int won = 0;
        for (int caller = 0; caller < requests.size(); caller++) {
            ClaimRequest request = requests.get(caller);
            ClaimResult result = results.get(caller);
            boolean acknowledged = result instanceof ClaimResult.Claimed;
            boolean storedWhole = request.seats().stream().allMatch(seat -> {
                SeatState state = storedBySeat.get(seat);
                return state != null && request.reference().equals(state.reference()) && request.user().equals(state.owner());
            });
            if (acknowledged) {
                won++;
                if (!storedWhole) {
                    problems.add("the group of " + request.user() + " " + request.seatNumbers()
                            + " was acknowledged but is not stored whole");
                }
            }
            if (acknowledged || (result == null && storedWhole)) {
                for (SeatId seat : request.seats()) {
                    ClaimRequest other = groupOfSeat.put(seat, request);
                    if (other != null) {
                        problems.add(seat + " belongs to two groups: " + other.user() + " and " + request.user());
                    }
                }
            }
        }
        int taken = 0;
        for (SeatState state : stored) {
            if (!state.isEmpty()) {
                taken++;
                if (!groupOfSeat.containsKey(state.seat())) {
                    problems.add(state.seat() + " is taken by " + state.owner()
                            + " outside any group stored whole: a partial group was left behind");
                }
            }
        }
        return new GroupIntegrityCheck(List.copyOf(problems), won, taken);
    }
}
