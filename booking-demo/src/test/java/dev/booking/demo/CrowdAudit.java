package dev.booking.demo;

import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a finished crowd run: what the page counted against what the database holds. Kept apart
 * from the browser so that {@link CrowdAuditCatchesBrokenRunsTest} can show it fails on broken runs.
 */
final class CrowdAudit {

    /**
     * The counts as the page shows them.
     *
     * @param submitted submitted
     * @param winners   winners
     * @param refused   refused
     * @param busy      busy
     * @param failed    failed
     * @param pending   still pending
     */
    record Shown(int submitted, int winners, int refused, int busy, int failed, int pending) {
    }

    private CrowdAudit() {
    }

    /**
     * Everything wrong with a run of {@code users} that the page counted as {@code shown} and left the
     * show's seats as {@code stored}; empty when all is well.
     */
    static List<String> problems(int users, Shown shown, List<SeatState> stored) {
        List<String> problems = new ArrayList<>();
        if (shown.submitted() != users) {
            problems.add("submitted " + shown.submitted() + ", not " + users);
        }
        if (shown.pending() != 0) {
            problems.add(shown.pending() + " still pending");
        }
        if (shown.failed() != 0) {
            problems.add(shown.failed() + " failed");
        }
        int answered = shown.winners() + shown.refused() + shown.busy();
        if (answered != users) {
            problems.add("winners + refused + busy = " + answered + ", not " + users);
        }
        List<SeatState> booked = stored.stream().filter(seat -> seat.status() == SeatStatus.BOOKED).toList();
        if (booked.size() != shown.winners()) {
            problems.add(booked.size() + " seats booked in the database, but the page counts " + shown.winners()
                    + " winners");
        }
        if (stored.stream().anyMatch(seat -> seat.status() == SeatStatus.HELD)) {
            problems.add("a seat is held: the crowd only books");
        }
        // every user asked for one seat, so a user who owns two seats was booked twice
        Set<String> owners = new HashSet<>();
        for (SeatState seat : booked) {
            String owner = seat.owner().value();
            if (!owner.startsWith("crowd-")) {
                problems.add(seat.seat().number() + " is owned by " + owner + ", who is not in the crowd");
            } else if (!owners.add(owner)) {
                problems.add(owner + " owns more than one seat");
            }
        }
        return problems;
    }
}
