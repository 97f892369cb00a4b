package dev.booking.core.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The SPI's rules on their own, without any store: the answers every adapter gives. */
class SeatRulesTest {

    private static final ShowId SHOW = ShowId.of("rules");
    private static final UserId ANN = UserId.of("ann");
    private static final BookingReference REF = BookingReference.of("ref-1");
    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void aLostBookingIsExplainedByTheSeatAsStored() {
        SeatId a1 = SHOW.seat("A1");
        assertThat(SeatRules.lostBooking(a1, ANN, Optional.empty())).contains(new BookingResult.NoSuchSeat(a1));
        assertThat(SeatRules.lostBooking(a1, ANN, Optional.of(booked("A1", ANN))))
                .contains(new BookingResult.AlreadyYours(a1, ANN, REF));
        // users are compared exactly: "Ann" is not "ann"
        assertThat(SeatRules.lostBooking(a1, UserId.of("Ann"), Optional.of(booked("A1", ANN))))
                .contains(new BookingResult.Taken(a1));
        assertThat(SeatRules.lostBooking(a1, ANN, Optional.of(lapsedHold("A1", ANN)))).as("free again: try again")
                .isEmpty();
    }

    @Test
    void aRepeatedClaimGetsTheGroupAsItStandsAndAnythingElseReferenceInUse() {
        ClaimRequest request = ClaimRequest.book(SHOW, ANN, "A2", "A1").withReference(REF);
        List<StoredSeat> group = List.of(booked("A2", ANN), booked("A1", ANN));

        assertThat(SeatRules.replay(request, group)).contains(new ClaimResult.Claimed(REF, ANN,
                List.of(SHOW.seat("A1"), SHOW.seat("A2")), SeatStatus.BOOKED, null));
        assertThat(SeatRules.replay(request, List.of(booked("A1", ANN))))
                .contains(new ClaimResult.ReferenceInUse(REF));
        assertThat(SeatRules.replay(request, List.of(booked("A1", UserId.of("ann ")), booked("A2", ANN))))
                .contains(new ClaimResult.ReferenceInUse(REF));
        assertThat(SeatRules.replay(request, List.of(lapsedHold("A1", ANN)))).as("nothing live: go ahead").isEmpty();
    }

    @Test
    void aClaimIsRefusedForMissingSeatsFirstThenForLiveOnes() {
        ClaimRequest request = ClaimRequest.book(SHOW, ANN, "A1", "A2", "A3");
        StoredSeat free = new StoredSeat(SeatState.empty(SHOW.seat("A1")), false);
        StoredSeat taken = booked("A2", UserId.of("bob"));

        assertThat(SeatRules.refusal(request, Map.of(SHOW.seat("A1"), free, SHOW.seat("A2"), taken)))
                .contains(new ClaimResult.NoSuchSeats(List.of(SHOW.seat("A3"))));
        assertThat(SeatRules.refusal(request, Map.of(SHOW.seat("A1"), free, SHOW.seat("A2"), taken,
                SHOW.seat("A3"), lapsedHold("A3", ANN)))).contains(new ClaimResult.Unavailable(List.of(SHOW.seat("A2"))));
        assertThat(SeatRules.refusal(request, Map.of(SHOW.seat("A1"), free, SHOW.seat("A2"), free,
                SHOW.seat("A3"), lapsedHold("A3", ANN)))).isEmpty();
    }

    @Test
    void aConfirmationWithALapsedMemberIsLapsedAndAnotherUsersIsNotYours() {
        assertThat(SeatRules.confirmWithoutChange(REF, ANN, List.of(hold("A1", ANN), lapsedHold("A2", ANN))))
                .contains(new ConfirmResult.Lapsed(REF));
        assertThat(SeatRules.confirmWithoutChange(REF, UserId.of("Ann"), List.of(hold("A1", ANN))))
                .contains(new ConfirmResult.NotYours(REF));
        assertThat(SeatRules.confirmWithoutChange(REF, ANN, List.of(booked("A1", ANN))))
                .contains(new ConfirmResult.Confirmed(REF, ANN, List.of(SHOW.seat("A1"))));
        List<StoredSeat> mixed = List.of(hold("A2", ANN), booked("A1", ANN));
        assertThat(SeatRules.confirmWithoutChange(REF, ANN, mixed)).isEmpty();
        assertThat(SeatRules.seatsOf(SeatRules.holdsToConfirm(mixed))).containsExactly(SHOW.seat("A2"));
    }

    @Test
    void releasesAnswerWithoutAChangeWhenNothingIsLiveOrItIsNotYours() {
        assertThat(SeatRules.releaseWithoutChange(ANN, List.of(lapsedHold("A1", ANN))))
                .contains(new ReleaseResult.NothingToRelease());
        assertThat(SeatRules.releaseWithoutChange(UserId.of("bob"), List.of(booked("A1", ANN))))
                .contains(new ReleaseResult.NotYours());
        assertThat(SeatRules.releaseWithoutChange(ANN, List.of(booked("A1", ANN)))).isEmpty();
        assertThat(SeatRules.releaseSeatWithoutChange(ANN, Optional.empty())).contains(new ReleaseResult.NothingToRelease());
        assertThat(SeatRules.releaseSeatWithoutChange(UserId.of("bob"), Optional.of(hold("A1", ANN))))
                .contains(new ReleaseResult.NotYours());
    }

    @Test
    void storedSeatsJudgeTheirHoldByTheClockAndRejectContradictions() {
        assertThat(StoredSeat.at(hold("A1", ANN).state(), NOW).lapsed()).isFalse();
        assertThat(StoredSeat.at(hold("A1", ANN).state(), NOW.plusSeconds(60)).lapsed()).as("at its expiry").isTrue();
        assertThat(lapsedHold("A1", ANN).asRead().isEmpty()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> new StoredSeat(booked("A1", ANN).state(), true))
                .withMessageStartingWith("lapsed applies only to a held seat");
        assertThatIllegalArgumentException().isThrownBy(() -> SeatRules.claimedAsItStands(List.of()))
                .withMessageContaining("group");
    }

    @Test
    void seatsAreOrderedByShowThenNumberAsStringsCompare() {
        List<SeatId> sorted = List.of(SeatId.of("b", "A1"), SeatId.of("a", "a1"), SeatId.of("a", "B2"),
                SeatId.of("a", "A10"), SeatId.of("a", "A9")).stream().sorted().toList();
        assertThat(sorted).containsExactly(SeatId.of("a", "A10"), SeatId.of("a", "A9"), SeatId.of("a", "B2"),
                SeatId.of("a", "a1"), SeatId.of("b", "A1"));
    }

    private static StoredSeat booked(String number, UserId owner) {
        return new StoredSeat(new SeatState(SHOW.seat(number), SeatStatus.BOOKED, owner, REF, null, 1), false);
    }

    private static StoredSeat hold(String number, UserId owner) {
        return new StoredSeat(new SeatState(SHOW.seat(number), SeatStatus.HELD, owner, REF,
                NOW.plus(Duration.ofMinutes(1)), 1), false);
    }

    private static StoredSeat lapsedHold(String number, UserId owner) {
        return new StoredSeat(new SeatState(SHOW.seat(number), SeatStatus.HELD, owner, REF, NOW.minusSeconds(1), 1), true);
    }
}
