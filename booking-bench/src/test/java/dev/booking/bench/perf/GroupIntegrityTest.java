package dev.booking.bench.perf;

import dev.booking.bench.Call;
import dev.booking.bench.Integrity;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.booking.bench.Answer.LOST;
import static dev.booking.bench.Answer.WON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group check on made-up runs of overlapping groups A1-A2 (ann), A2-A3 (bob), A3-A4 (cal): a clean
 * run passes even though seats stay free, and each broken one (half a group booked, a seat in two
 * groups) is caught.
 */
class GroupIntegrityTest {

    private static final ShowId SHOW = ShowId.of("show");
    private static final ClaimRequest ANN = ClaimRequest.book(SHOW, UserId.of("ann"), "A1", "A2");
    private static final ClaimRequest BOB = ClaimRequest.book(SHOW, UserId.of("bob"), "A2", "A3");
    private static final ClaimRequest CAL = ClaimRequest.book(SHOW, UserId.of("cal"), "A3", "A4");
    private static final List<Call> CALLS = List.of(Call.claim(ANN), Call.claim(BOB), Call.claim(CAL));

    @Test
    void aCleanOverlappingRunPassesThoughASeatNobodyWonStaysFree() {
        // bob won A2-A3, so ann and cal lost, and A1 and A4 rightly stay free
        Integrity check = GroupIntegrity.of(CALLS, List.of(LOST, WON, LOST),
                List.of(empty("A1"), stored(BOB, "A2"), stored(BOB, "A3"), empty("A4")), true);

        assertThat(check.problems()).isEmpty();
        assertThat(check.seats()).as("only the seats somebody won count").isEqualTo(2);
        assertThat(check.oneWinnerPerSeat()).isTrue();

        Integrity distinct = GroupIntegrity.of(CALLS, List.of(LOST, WON, LOST),
                List.of(empty("A1"), stored(BOB, "A2"), stored(BOB, "A3"), empty("A4")), false);
        assertThat(distinct.problems()).as("distinct groups: a seat asked for and not won is a fault")
                .contains("2 of 4 seats without exactly one winner");
    }

    @Test
    void halfAGroupBookedIsCaughtForAWinnerAndForALoser() {
        Integrity winnerHalfStored = GroupIntegrity.of(CALLS, List.of(LOST, WON, LOST),
                List.of(empty("A1"), stored(BOB, "A2"), empty("A3"), empty("A4")), true);
        assertThat(winnerHalfStored.brokenPromises()).contains("1 acknowledged wins not stored");

        Integrity loserHalfStored = GroupIntegrity.of(CALLS, List.of(LOST, WON, LOST),
                List.of(empty("A1"), stored(BOB, "A2"), stored(BOB, "A3"), stored(CAL, "A4")), true);
        assertThat(loserHalfStored.brokenPromises()).containsExactly("1 seats taken that no winner accounts for");
        assertThat(loserHalfStored.examples()).singleElement().asString().contains("part of a group left behind");
    }

    @Test
    void aSeatInTwoGroupsIsCaught() {
        Integrity check = GroupIntegrity.of(CALLS, List.of(WON, WON, LOST),
                List.of(stored(ANN, "A1"), stored(BOB, "A2"), stored(BOB, "A3"), empty("A4")), true);

        assertThat(check.doubleBookings()).isEqualTo(1);
        assertThat(check.brokenPromises()).contains("1 double bookings", "1 acknowledged wins not stored");
        assertThat(check.oneWinnerPerSeat()).isFalse();
        assertThat(check.examples()).anyMatch(line -> line.contains("A2 was given to 2 callers"));
    }

    private static SeatState stored(ClaimRequest request, String number) {
        return new SeatState(SHOW.seat(number), SeatStatus.BOOKED, request.user(), request.reference(), null, 1);
    }

    private static SeatState empty(String number) {
        return SeatState.empty(SHOW.seat(number));
    }
}
