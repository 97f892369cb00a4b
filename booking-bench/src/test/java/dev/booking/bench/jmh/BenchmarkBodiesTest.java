package dev.booking.bench.jmh;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.queue.waitingroom.WaitingRoomResult;
import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.Operation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every benchmark body run once, outside JMH, with its result checked; and the checks inside the
 * bodies shown to bite when what they measure breaks its promise.
 */
class BenchmarkBodiesTest {

    @Test
    void theRepositoryBodiesDoWhatTheyMeasure() {
        RepositoryBenchmarks bench = new RepositoryBenchmarks();
        bench.setUp();
        RepositoryBenchmarks.Slice slice = new RepositoryBenchmarks.Slice();
        slice.setUp(bench);

        slice.free(bench);
        assertThat(bench.bookFreeSeats(slice)).isEqualTo(RepositoryBenchmarks.BATCH);
        assertThat(bench.repository.findSeat(slice.seats[0]).orElseThrow().owner()).isEqualTo(slice.user);
        slice.free(bench);
        assertThat(bench.bookFreeSeatsTwoThreads(slice)).isEqualTo(RepositoryBenchmarks.BATCH);
        slice.free(bench);
        assertThat(bench.claimGroupOfFour(slice)).isEqualTo(RepositoryBenchmarks.BATCH / RepositoryBenchmarks.GROUP);
        slice.free(bench);
        assertThat(bench.bookFreeSeatsFloor(slice)).isEqualTo(RepositoryBenchmarks.BATCH);
        slice.free(bench);
        assertThat(bench.bookFreeSeatsTwoThreadsFloor(slice)).isEqualTo(RepositoryBenchmarks.BATCH);
        slice.free(bench);
        assertThat(bench.claimGroupOfFourFloor(slice)).isEqualTo(RepositoryBenchmarks.BATCH / RepositoryBenchmarks.GROUP);

        assertThat(bench.loseTakenSeat()).isInstanceOf(BookingResult.Taken.class);
        assertThat(bench.loseTakenSeatTwoThreads()).isInstanceOf(BookingResult.Taken.class);
        assertThat(bench.loseTakenSeatFloor()).isEqualTo(bench.owner);
        assertThat(bench.loseTakenSeatTwoThreadsFloor()).isEqualTo(bench.owner);
        assertThat(bench.findSeat().orElseThrow().owner()).isEqualTo(bench.owner);
        assertThat(bench.findSeatTwoThreads().orElseThrow().owner()).isEqualTo(bench.owner);
        assertThat(bench.findSeatFloor()).isEqualTo(bench.owner);
        assertThat(bench.findSeatTwoThreadsFloor()).isEqualTo(bench.owner);
        assertThat(bench.listSeats()).hasSize(RepositoryBenchmarks.LISTED)
                .isSortedAccordingTo((a, b) -> a.seat().number().compareTo(b.seat().number()));
        assertThat(bench.listSeatsFloor()).hasSize(RepositoryBenchmarks.LISTED);
    }

    @Test
    void aBatchOfSeatsThatAreNotFreeFailsInsteadOfReportingAFigure() {
        RepositoryBenchmarks bench = new RepositoryBenchmarks();
        bench.setUp();
        RepositoryBenchmarks.Slice slice = new RepositoryBenchmarks.Slice();
        slice.setUp(bench);
        bench.bookFreeSeats(slice);
        bench.bookFreeSeatsFloor(slice);

        // without the untimed freeing in between, the seats are taken: the body must notice
        assertThatThrownBy(() -> bench.bookFreeSeats(slice)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("free seats booked: 0 of " + RepositoryBenchmarks.BATCH);
        assertThatThrownBy(() -> bench.bookFreeSeatsFloor(slice)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bench.claimGroupOfFour(slice)).isInstanceOf(IllegalStateException.class);

        // a "loser" who gets the seat is a broken promise too
        SeatId hot = bench.taken;
        bench.repository.release(hot, bench.owner);
        assertThatThrownBy(bench::loseTakenSeat).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the loser is told Taken");
        assertThatThrownBy(bench::findSeat).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theWaitingRoomBodiesBookThroughTheRoomAndDirectly() throws InterruptedException {
        WaitingRoomBenchmarks bench = new WaitingRoomBenchmarks();
        bench.setUp();
        try {
            bench.free();
            assertThat(bench.directOneByOne()).isEqualTo(WaitingRoomBenchmarks.BATCH);
            bench.free();
            assertThat(bench.roomOneByOne()).isEqualTo(WaitingRoomBenchmarks.BATCH);
            bench.free();
            assertThat(bench.directAllAtOnce()).isEqualTo(WaitingRoomBenchmarks.BATCH);
            bench.free();
            assertThat(bench.roomAllAtOnce()).isEqualTo(WaitingRoomBenchmarks.BATCH);
            assertThat(bench.directLoser()).isInstanceOf(BookingResult.Taken.class);
            assertThat(bench.roomLoser()).isInstanceOf(WaitingRoomResult.Served.class);

            // booked through the room and not freed: the room must not book them again
            assertThatThrownBy(bench::roomAllAtOnce).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("free seats booked through the room: 0 of");
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void theCheckerBodyAcceptsTheRacesAndRejectsADoubleBooking() {
        for (int seats : List.of(1, 10)) {
            CheckerBenchmarks bench = new CheckerBenchmarks();
            bench.operations = 1_000;
            bench.seats = seats;
            bench.setUp();
            LinearizabilityChecker.Verdict verdict = bench.check();
            assertThat(verdict.linearizable()).isTrue();
            assertThat(verdict.operations()).isEqualTo(1_000);
            assertThat(verdict.seats()).isEqualTo(seats);
        }

        CheckerBenchmarks broken = new CheckerBenchmarks();
        broken.operations = 100;
        broken.seats = 1;
        broken.setUp();
        // the second caller told Booked as well: not linearizable, so the body must throw
        List<Operation> doubled = new ArrayList<>(broken.history);
        Operation second = doubled.get(1);
        doubled.set(1, new Operation(second.id(), second.seat(), Operation.Kind.BOOK, UserId.of("second"),
                Operation.Observed.BOOKED, null, second.invoked(), second.returned()));
        broken.history = doubled;
        assertThatThrownBy(broken::check).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT linearizable");
    }

    @Test
    void raceHistoriesHaveTheAskedSizeOneWinnerPerSeatAndAreTheSameEveryTime() {
        List<Operation> history = RaceHistories.race(1_003, 10, 7);
        assertThat(history).hasSize(1_003);
        assertThat(history.stream().map(Operation::seat).distinct()).hasSize(10);
        assertThat(history.stream().filter(op -> op.observed() == Operation.Observed.BOOKED)).hasSize(10);
        assertThat(history.stream().map(Operation::id).distinct()).hasSize(1_003);
        assertThat(RaceHistories.race(1_003, 10, 7)).isEqualTo(history);
        assertThatThrownBy(() -> RaceHistories.race(5, 10, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operations");
    }
}
