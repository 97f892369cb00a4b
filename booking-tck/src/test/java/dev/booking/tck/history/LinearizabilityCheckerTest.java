package dev.booking.tck.history;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.tck.history.Operation.Kind;
import dev.booking.tck.history.Operation.Observed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker on hand-made histories whose verdict is known; times are in arbitrary units. */
class LinearizabilityCheckerTest {

    private static final SeatId SEAT = SeatId.of("show", "A1");
    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final List<Operation> ops = new ArrayList<>();

    private void book(String user, Observed observed, long invoked, long returned) {
        ops.add(new Operation(ops.size(), SEAT, Kind.BOOK, UserId.of(user), observed, null, invoked, returned));
    }

    private void release(String user, Observed observed, long invoked, long returned) {
        ops.add(new Operation(ops.size(), SEAT, Kind.RELEASE, UserId.of(user), observed, null, invoked, returned));
    }

    private void read(String owner, long invoked, long returned) {
        Observed observed = owner == null ? Observed.READ_EMPTY : Observed.READ_OWNED;
        ops.add(new Operation(ops.size(), SEAT, Kind.READ, null, observed,
                owner == null ? null : UserId.of(owner), invoked, returned));
    }

    private LinearizabilityChecker.Verdict verdict() {
        return checker.check(ops, seat -> SeatModel.EMPTY);
    }

    @Test
    void oneWinnerAmongAThousandConcurrentCallersIsLinearizable() {
        for (int i = 0; i < 1000; i++) {
            book("u" + i, i == 637 ? Observed.BOOKED : Observed.TAKEN, i, 5000 + i);
        }
        assertThat(verdict().linearizable()).isTrue();
    }

    @Test
    void twoWinnersAreReportedAsTheMinimalPair() {
        for (int i = 0; i < 1000; i++) {
            book("u" + i, i == 10 || i == 900 ? Observed.BOOKED : Observed.TAKEN, i, 5000 + i);
        }
        LinearizabilityChecker.Verdict verdict = verdict();
        assertThat(verdict.linearizable()).isFalse();
        List<Operation> counterExample = verdict.violations().get(0).counterExample();
        assertThat(counterExample).extracting(Operation::user).containsExactly(UserId.of("u10"), UserId.of("u900"));
        assertThat(verdict.describe()).contains("NOT linearizable", "tryBook(show/A1, u10) -> BOOKED",
                "2 of 1000 operations");
    }

    @Test
    void anAcknowledgedBookingThatALaterReadDoesNotSeeIsALostWrite() {
        book("ann", Observed.BOOKED, 0, 10);
        read(null, 20, 30);
        LinearizabilityChecker.Verdict verdict = verdict();
        assertThat(verdict.linearizable()).isFalse();
        assertThat(verdict.violations().get(0).counterExample()).hasSize(2);
    }

    @Test
    void aTakenAfterAReadThatSawTheReleaseIsReportedWithTheRelease() {
        // the waiting room's history: the read saw the release, the later booking was answered from memory
        book("u3", Observed.BOOKED, 0, 10);
        release("u3", Observed.RELEASED, 20, 60);
        read(null, 30, 40);
        book("u1", Observed.TAKEN, 45, 50);
        book("u2", Observed.TAKEN, 0, 5); // an observer that explains nothing, dropped from the report
        LinearizabilityChecker.Verdict verdict = verdict();
        assertThat(verdict.linearizable()).isFalse();
        // the release stays in the report: without it the read alone would look like a lost write
        assertThat(verdict.violations().get(0).counterExample()).extracting(Operation::id).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aReadOverlappingTheBookingMaySeeEitherState() {
        book("ann", Observed.BOOKED, 0, 10);
        read(null, 5, 30);
        read("ann", 8, 40);
        assertThat(verdict().linearizable()).isTrue();

        read("ann", 1, 2); // returned before the empty read began: that read cannot come first any more
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void takenBeforeAnyoneBookedIsAViolationOfRealTime() {
        book("bob", Observed.TAKEN, 0, 5);
        book("ann", Observed.BOOKED, 10, 20);
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void alreadyYoursForSomeoneWhoNeverBookedIsAViolation() {
        book("ann", Observed.BOOKED, 0, 10);
        book("bob", Observed.ALREADY_YOURS, 20, 30);
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void anUnknownOutcomeMayHaveHappenedOrNot() {
        book("ann", Observed.UNKNOWN, 0, Long.MAX_VALUE);
        book("ann", Observed.ALREADY_YOURS, 50, 60); // the retry finds that it had committed
        book("bob", Observed.TAKEN, 70, 80);
        assertThat(verdict().linearizable()).isTrue();

        ops.clear();
        book("ann", Observed.UNKNOWN, 0, Long.MAX_VALUE);
        book("bob", Observed.BOOKED, 50, 60); // it had not
        assertThat(verdict().linearizable()).isTrue();
    }

    @Test
    void manyUnknownOutcomesInOneRaceStayCheapToDecide() {
        for (int i = 0; i < 1000; i++) {
            Observed observed = i == 500 ? Observed.BOOKED : i % 3 == 0 ? Observed.UNKNOWN : Observed.TAKEN;
            book("u" + i, observed, i, observed == Observed.UNKNOWN ? Long.MAX_VALUE : 5000 + i);
        }
        for (int i = 0; i < 1000; i += 3) { // each unknown outcome resolved by a retry
            book("u" + i, Observed.TAKEN, 10_000 + i, 10_001 + i);
        }
        assertThat(verdict().linearizable()).isTrue();

        book("u999", Observed.BOOKED, 20_000, 20_001); // and a second winner is still caught
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void anUnknownOutcomeCannotExplainTwoDifferentOwners() {
        book("ann", Observed.UNKNOWN, 0, Long.MAX_VALUE);
        read("ann", 10, 20);
        read("bob", 30, 40);
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void releaseMakesTheSeatFreeForTheNextOwner() {
        book("ann", Observed.BOOKED, 0, 10);
        release("bob", Observed.NOT_YOURS, 12, 14);
        release("ann", Observed.RELEASED, 20, 30);
        book("bob", Observed.BOOKED, 40, 50);
        read("bob", 60, 70);
        assertThat(verdict().linearizable()).isTrue();

        ops.clear();
        book("ann", Observed.BOOKED, 0, 10);
        book("bob", Observed.BOOKED, 40, 50); // nobody released
        assertThat(verdict().linearizable()).isFalse();
    }

    @Test
    void seatsAreCheckedIndependently() {
        SeatId other = SeatId.of("show", "B2");
        book("ann", Observed.BOOKED, 0, 10);
        ops.add(new Operation(ops.size(), other, Kind.BOOK, UserId.of("bob"), Observed.BOOKED, null, 0, 10));
        ops.add(new Operation(ops.size(), other, Kind.BOOK, UserId.of("cat"), Observed.BOOKED, null, 0, 10));
        LinearizabilityChecker.Verdict verdict = verdict();
        assertThat(verdict.seats()).isEqualTo(2);
        assertThat(verdict.violations()).extracting(LinearizabilityChecker.Violation::seat).containsExactly(other);
    }
}
