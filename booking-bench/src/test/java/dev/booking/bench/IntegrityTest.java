package dev.booking.bench;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.booking.bench.Answer.FAILED;
import static dev.booking.bench.Answer.LOST;
import static dev.booking.bench.Answer.UNANSWERED;
import static dev.booking.bench.Answer.WON;
import static org.assertj.core.api.Assertions.assertThat;

/** The one integrity check, on made-up outcomes: clean races pass, each kind of broken promise is caught. */
class IntegrityTest {

    private static final ShowId SHOW = ShowId.of("show");
    private static final SeatId A1 = SHOW.seat("A1");
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAL = UserId.of("cal");

    @Test
    void aCleanHotSeatHasOneWinnerAndOnlyLosersBesides() {
        Integrity check = Integrity.of(List.of(Call.booking(A1, ANN), Call.booking(A1, BOB), Call.booking(A1, CAL)),
                List.of(LOST, WON, LOST), List.of(booked(A1, BOB)));

        assertThat(check.problems()).isEmpty();
        assertThat(check).extracting(Integrity::seats, Integrity::callers, Integrity::answered, Integrity::won,
                Integrity::seatsWithOneWinner, Integrity::takenSeats).containsExactly(1, 3L, 3L, 1L, 1, 1);
    }

    @Test
    void twoCallersToldTheyWonOneSeatIsADoubleBooking() {
        Integrity check = Integrity.of(List.of(Call.booking(A1, ANN), Call.booking(A1, BOB)), List.of(WON, WON),
                List.of(booked(A1, BOB)));

        assertThat(check.brokenPromises()).containsExactly("1 double bookings", "1 acknowledged wins not stored");
        assertThat(check.examples()).anyMatch(line -> line.contains("was given to 2 callers"));
        assertThat(check.oneWinnerPerSeat()).isFalse();
    }

    @Test
    void anAcknowledgedWinNotStoredIsCaught() {
        Integrity check = Integrity.of(List.of(Call.booking(A1, ANN)), List.of(WON), List.of(SeatState.empty(A1)));

        assertThat(check.brokenPromises()).containsExactly("1 acknowledged wins not stored");
    }

    @Test
    void aSeatTakenByALoserIsUnexplainedButByACallOfUnknownOutcomeItIsNot() {
        assertThat(Integrity.of(List.of(Call.booking(A1, ANN)), List.of(LOST), List.of(booked(A1, ANN)))
                .brokenPromises()).containsExactly("1 seats taken that no winner accounts for");

        Integrity failed = Integrity.of(List.of(Call.booking(A1, ANN), Call.booking(A1, BOB)), List.of(FAILED, UNANSWERED),
                List.of(booked(A1, ANN)));
        assertThat(failed.brokenPromises()).isEmpty();
        assertThat(failed.problems()).containsExactly("1 callers never answered", "1 calls failed",
                "1 of 1 seats without exactly one winner");
    }

    @Test
    void theGroupCheckFailsForAPartialGroupAndForAGroupNotStoredWhole() {
        ClaimRequest annsRequest = ClaimRequest.book(SHOW, ANN, "A1", "A2");
        ClaimRequest bobsRequest = ClaimRequest.book(SHOW, BOB, "A2", "A3");
        List<Call> calls = List.of(Call.claim(annsRequest), Call.claim(bobsRequest));
        List<Answer> annWonBobLost = List.of(WON, LOST);
        SeatState a1 = stored(SHOW.seat("A1"), ANN, annsRequest.reference());
        SeatState a2 = stored(SHOW.seat("A2"), ANN, annsRequest.reference());
        SeatState bobsLeftover = stored(SHOW.seat("A3"), BOB, bobsRequest.reference());

        assertThat(Integrity.of(calls, annWonBobLost, List.of(a1, a2, SeatState.empty(SHOW.seat("A3")))).brokenPromises())
                .isEmpty();
        assertThat(Integrity.of(calls, annWonBobLost, List.of(a1, a2, bobsLeftover)).examples())
                .singleElement().asString().contains("part of a group left behind");
        assertThat(Integrity.of(calls, annWonBobLost,
                List.of(a1, SeatState.empty(SHOW.seat("A2")), SeatState.empty(SHOW.seat("A3")))).brokenPromises())
                .contains("1 acknowledged wins not stored");
        SeatState a2UnderAnotherReference = stored(SHOW.seat("A2"), ANN, BookingReference.of("other"));
        assertThat(Integrity.of(calls, annWonBobLost, List.of(a1, a2UnderAnotherReference, SeatState.empty(SHOW.seat("A3"))))
                .brokenPromises()).contains("1 acknowledged wins not stored");
    }

    private static SeatState booked(SeatId seat, UserId owner) {
        return stored(seat, owner, BookingReference.of("r-" + owner.value()));
    }

    private static SeatState stored(SeatId seat, UserId owner, BookingReference reference) {
        return new SeatState(seat, SeatStatus.BOOKED, owner, reference, null, 1);
    }
}
