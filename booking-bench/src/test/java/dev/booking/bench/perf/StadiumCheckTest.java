package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stadium check on hand-made runs: a clean one passes, and each way a store could break its
 * promises during an on-sale is found and named.
 */
class StadiumCheckTest {

    private static final ShowId SHOW = ShowId.of("stadium-check");
    private static final List<SeatId> SEATS = List.of(SHOW.seat("R000-0000"), SHOW.seat("R000-0001"),
            SHOW.seat("R000-0002"));
    private static final List<UserId> USERS = List.of(UserId.of("fan-0"), UserId.of("fan-1"), UserId.of("fan-2"));
    private static final BookingReference A = BookingReference.of("ref-a");
    private static final BookingReference B = BookingReference.of("ref-b");
    private static final BookingReference C = BookingReference.of("ref-c");
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    @Test
    void aCleanOnSaleHasNoProblems() {
        // seat 0 booked outright; seat 1 held by fan-1, lapsed, sold to fan-2 by a confirmed hold; seat 2 booked
        List<StadiumCheck.Hold> holds = List.of(hold(1, 1, A, 0, 500, false), hold(1, 2, B, 500, 500, true));
        List<StadiumCheck.Sale> sales = List.of(sale(0, 0, C), sale(1, 2, B), sale(2, 1, A));
        List<SeatState> stored = List.of(booked(0, 0, C), booked(1, 2, B), booked(2, 1, A));

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, sales, holds, List.of(), stored);

        assertThat(check.problems()).isEmpty();
        assertThat(check.soldOut()).isTrue();
        assertThat(check.seatsWithOneSale()).isEqualTo(3);
        Integrity integrity = check.integrity(5, 5, 0);
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.seats()).isEqualTo(3);
        assertThat(integrity.won()).isEqualTo(3);
    }

    @Test
    void aHoldWhoseExpiryWasComputedBeforeItsWriteIsNotADoubleHold() {
        // a store on the client's clock (the Mongo adapter) computes the expiry, then waits to write:
        // fan-2's hold reads as if granted at 100 ms, but its answer came at 900, after fan-1's lapsed at 800
        List<StadiumCheck.Hold> holds = List.of(hold(1, 1, A, 0, 800, false),
                new StadiumCheck.Hold(1, 2, B, T0.plusMillis(1400), Duration.ofMillis(1300), T0.plusMillis(900), null));
        StadiumCheck check = StadiumCheck.of(SEATS, USERS, List.of(), holds, List.of(), List.of(empty(0), empty(1), empty(2)));

        assertThat(check.doubleHolds()).isZero();
        // answered at 700, while fan-1's hold was certainly in force until 800: a double hold
        List<StadiumCheck.Hold> overlapping = List.of(hold(1, 1, A, 0, 800, false),
                new StadiumCheck.Hold(1, 2, B, T0.plusMillis(1400), Duration.ofMillis(1300), T0.plusMillis(700), null));
        assertThat(StadiumCheck.of(SEATS, USERS, List.of(), overlapping, List.of(), List.of(empty(0), empty(1), empty(2)))
                .doubleHolds()).isEqualTo(1);
    }

    @Test
    void aSeatSoldToTwoUsersIsADoubleBookingAndTheLoserSaleIsNotStored() {
        List<StadiumCheck.Sale> sales = List.of(sale(0, 0, A), sale(0, 1, B));
        List<SeatState> stored = List.of(booked(0, 0, A), empty(1), empty(2));

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, sales, List.of(), List.of(), stored);

        assertThat(check.doubleBookings()).isEqualTo(1);
        assertThat(check.unstoredSales()).isEqualTo(1);
        assertThat(check.problems()).contains("1 double bookings", "1 bookings told but not stored");
        assertThat(check.examples()).anyMatch(line -> line.contains("R000-0000 was sold to 2 users"));
        assertThat(check.integrity(2, 2, 0).problems()).contains("1 double bookings")
                .anyMatch(problem -> problem.contains("without exactly one winner"));
        assertThat(check.soldOut()).isFalse();
    }

    @Test
    void aSaleTheStoreHoldsForSomeoneElseOrUnderAnotherReferenceIsNotStored() {
        List<StadiumCheck.Sale> sales = List.of(sale(0, 0, A), sale(1, 1, B));
        List<SeatState> stored = List.of(booked(0, 2, A), booked(1, 1, C), empty(2));

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, sales, List.of(), List.of(), stored);

        assertThat(check.unstoredSales()).isEqualTo(2);
        assertThat(check.unexplainedSeats()).as("fan-2 was never told seat 0, fan-1 never got reference C")
                .isEqualTo(2);
        assertThat(check.integrity(2, 2, 0).brokenPromises()).hasSize(2);
    }

    @Test
    void aBookingNobodyWasToldIsUnexplainedUnlessItsCallFailed() {
        List<SeatState> stored = List.of(booked(0, 0, A), booked(1, 1, B), empty(2));

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, List.of(), List.of(),
                List.of(new StadiumCheck.Unknown(1, 1)), stored);

        assertThat(check.unexplainedSeats()).as("seat 1's call failed: it may have won unseen").isEqualTo(1);
        assertThat(check.problems()).containsExactly("1 seats booked for users never told so");
    }

    @Test
    void aSeatStillHeldAfterEveryHoldExpiredIsHeldForever() {
        SeatState held = new SeatState(SEATS.get(2), SeatStatus.HELD, USERS.get(0), A, T0.plusSeconds(3600), 1);
        List<SeatState> stored = List.of(empty(0), empty(1), held);

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, List.of(), List.of(), List.of(), stored);

        assertThat(check.heldForever()).isEqualTo(1);
        assertThat(check.problems()).containsExactly("1 seats held after every hold expired");
        assertThat(check.integrity(1, 1, 0).unexplainedSeats()).isEqualTo(1);
    }

    @Test
    void holdsAliveAtOnceOrAfterTheSaleAreDoubleHolds() {
        List<StadiumCheck.Hold> holds = new ArrayList<>();
        holds.add(hold(0, 0, A, 0, 1000, false));
        holds.add(hold(0, 1, B, 400, 1000, false));       // seat 0: begins while fan-0 still holds it
        holds.add(hold(1, 0, C, 0, 300, true));
        holds.add(hold(1, 2, BookingReference.of("ref-d"), 5000, 300, false)); // seat 1: after it was sold
        holds.add(hold(2, 0, BookingReference.of("ref-e"), 0, 300, false));
        holds.add(hold(2, 1, BookingReference.of("ref-f"), 299, 300, false)); // within the clock slack: fine
        List<SeatState> stored = List.of(empty(0), booked(1, 0, C), empty(2));

        StadiumCheck check = StadiumCheck.of(SEATS, USERS, List.of(sale(1, 0, C)), holds, List.of(), stored);

        assertThat(check.doubleHolds()).isEqualTo(2);
        assertThat(check.problems()).containsExactly("2 holds granted on a seat held or sold already");
        assertThat(check.examples()).anyMatch(line -> line.contains("while fan-0 held it"))
                .anyMatch(line -> line.contains("after fan-0 had confirmed"));
        assertThat(check.integrity(1, 1, 0).doubleBookings()).isEqualTo(2);
    }

    @Test
    void aSeatTheStoreLostIsMissing() {
        StadiumCheck check = StadiumCheck.of(SEATS, USERS, List.of(), List.of(), List.of(), List.of(empty(0), empty(1)));

        assertThat(check.missingSeats()).isEqualTo(1);
        assertThat(check.problems()).containsExactly("1 seats missing from the store");
    }

    private static StadiumCheck.Sale sale(int seat, int user, BookingReference reference) {
        return new StadiumCheck.Sale(seat, user, reference, 0);
    }

    private static StadiumCheck.Hold hold(int seat, int user, BookingReference reference, long startMillis,
                                          long lengthMillis, boolean confirmed) {
        return new StadiumCheck.Hold(seat, user, reference, T0.plusMillis(startMillis + lengthMillis),
                Duration.ofMillis(lengthMillis), T0.plusMillis(startMillis), confirmed ? T0.plusMillis(startMillis + 1) : null);
    }

    private static SeatState booked(int seat, int user, BookingReference reference) {
        return new SeatState(SEATS.get(seat), SeatStatus.BOOKED, USERS.get(user), reference, null, 1);
    }

    private static SeatState empty(int seat) {
        return SeatState.empty(SEATS.get(seat));
    }
}
