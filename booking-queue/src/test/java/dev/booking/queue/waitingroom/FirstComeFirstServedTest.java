package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of arrival decides who reaches the repository first, and so who gets the seat. */
class FirstComeFirstServedTest extends WaitingRoomTestSupport {

    @Test
    void theFirstOfAHundredQueuedRequestsForOneSeatGetsIt() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        // the only worker is stuck on another seat, so all hundred wait in line in submission order
        repository.hold(seat(0));
        CompletableFuture<WaitingRoomResult> blocker = room.submit(seat(0), user("blocker"));
        repository.awaitCallsEntered(1);

        List<CompletableFuture<WaitingRoomResult>> line = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            line.add(room.submit(seat(1), user(i)));
        }
        assertThat(room.stats().queueDepth()).isEqualTo(101);
        repository.release(seat(0));

        assertThat(served(blocker)).isInstanceOf(BookingResult.Booked.class);
        assertThat(served(line.get(0))).isEqualTo(TestResults.booked(seat(1), user(0)));
        for (int i = 1; i < 100; i++) {
            assertThat(served(line.get(i))).as("request %d", i).isEqualTo(new BookingResult.Taken(seat(1)));
        }
        assertThat(repository.findSeat(seat(1)).orElseThrow().owner()).isEqualTo(user(0));
        assertThat(repository.tryBookCallLog()).extracting(ControllableSeatRepository.Call::user)
                .containsExactly(user("blocker"), user(0));
    }

    @Test
    void theFirstSubmitterWinsAlsoWhenItsOwnCallIsTheOneThatIsHeld() throws Exception {
        WaitingRoom room = room(b -> b.workers(4));
        repository.hold(seat(1));
        List<CompletableFuture<WaitingRoomResult>> line = new ArrayList<>();
        line.add(room.submit(seat(1), user(0)));
        repository.awaitCallsEntered(1);
        for (int i = 1; i < 100; i++) {
            line.add(room.submit(seat(1), user(i)));
        }
        repository.release(seat(1));

        assertThat(served(line.get(0))).isEqualTo(TestResults.booked(seat(1), user(0)));
        assertThat(line.subList(1, 100)).allSatisfy(f -> assertThat(served(f)).isInstanceOf(BookingResult.Taken.class));
        assertThat(repository.tryBookCalls()).as("one call served all hundred").isEqualTo(1);
    }

    @Test
    void seatsTakeTurnsInTheOrderOfTheirFirstRequest() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        repository.hold(seat(0));
        CompletableFuture<WaitingRoomResult> blocker = room.submit(seat(0), user("blocker"));
        repository.awaitCallsEntered(1);

        int[] seatOfRequest = {13, 11, 13, 12, 11, 14, 12, 15, 11};
        List<CompletableFuture<WaitingRoomResult>> requests = new ArrayList<>();
        for (int i = 0; i < seatOfRequest.length; i++) {
            requests.add(room.submit(seat(seatOfRequest[i]), user(i)));
        }
        repository.release(seat(0));
        requests.forEach(WaitingRoomTestSupport::answer);
        answer(blocker);

        // each seat is decided by the first request that arrived for it, in the order they arrived
        assertThat(repository.tryBookCallLog()).extracting(c -> c.seat(), c -> c.user()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(seat(0), user("blocker")),
                org.assertj.core.groups.Tuple.tuple(seat(13), user(0)),
                org.assertj.core.groups.Tuple.tuple(seat(11), user(1)),
                org.assertj.core.groups.Tuple.tuple(seat(12), user(3)),
                org.assertj.core.groups.Tuple.tuple(seat(14), user(5)),
                org.assertj.core.groups.Tuple.tuple(seat(15), user(7)));
        List<UserId> winners = IntStream.range(0, requests.size())
                .filter(i -> served(requests.get(i)) instanceof BookingResult.Booked)
                .mapToObj(WaitingRoomTestSupport::user).toList();
        assertThat(winners).containsExactly(user(0), user(1), user(3), user(5), user(7));
    }

    @Test
    void differentSeatsAreServedInParallelButNeverBeyondTheWorkerLimit() throws Exception {
        WaitingRoom room = room(b -> b.workers(3));
        repository.holdAll();
        List<CompletableFuture<WaitingRoomResult>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(room.submit(seat(i), user(i)));
        }
        repository.awaitCallsEntered(3);
        assertThat(room.stats().callsInFlight()).isEqualTo(3);
        assertThat(repository.callsRunning()).isEqualTo(3);
        repository.releaseAll();

        for (int i = 0; i < 20; i++) {
            assertThat(served(requests.get(i))).isEqualTo(TestResults.booked(seat(i), user(i)));
        }
        assertThat(repository.mostCallsAtOnce()).isEqualTo(3);
    }

    @Test
    void requestsForOneSeatNeverOvertakeEachOtherWhateverTheNumberOfWorkers() throws Exception {
        WaitingRoom room = room(b -> b.workers(8));
        // a failing first request makes the seat go round again: the next in line must still be next
        SeatId seat = seat(2);
        repository.failFor(user(0), new IllegalStateException("boom"));
        repository.hold(seat);
        List<CompletableFuture<WaitingRoomResult>> line = new ArrayList<>();
        line.add(room.submit(seat, user(0)));
        repository.awaitCallsEntered(1);
        for (int i = 1; i < 50; i++) {
            line.add(room.submit(seat, user(i)));
            room.submit(seat(100 + i), user(i)); // other seats keep the other workers busy meanwhile
        }
        repository.release(seat);

        assertThat(line.get(0)).failsWithin(HANG_GUARD);
        assertThat(served(line.get(1))).isEqualTo(TestResults.booked(seat, user(1)));
        assertThat(line.subList(2, 50)).allSatisfy(f -> assertThat(served(f)).isInstanceOf(BookingResult.Taken.class));
        assertThat(repository.tryBookCallLog()).filteredOn(c -> c.seat().equals(seat))
                .extracting(ControllableSeatRepository.Call::user).containsExactly(user(0), user(1));
    }
}
