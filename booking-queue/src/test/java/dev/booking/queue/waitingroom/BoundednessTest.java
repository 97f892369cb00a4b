package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** However many arrive, the room holds at most its capacity and answers the rest Busy at once. */
class BoundednessTest extends WaitingRoomTestSupport {

    private static final int CAPACITY = 100;

    @Test
    void aHundredThousandRequestsAgainstAFullRoomAreAllBusyAtOnce() throws Exception {
        WaitingRoom room = room(b -> b.capacity(CAPACITY).workers(2));
        repository.holdAll();
        List<CompletableFuture<WaitingRoomResult>> admitted = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            admitted.add(room.submit(seat(i % 50), user(i)));
        }
        repository.awaitCallsEntered(2);

        for (int i = 0; i < 100_000; i++) {
            CompletableFuture<WaitingRoomResult> refused = room.submit(seat(i % 300), user(i));
            // answered before submit returned: nobody waits to be told the room is full
            assertThat(refused).isDone();
            assertThat(refused.join()).isEqualTo(new WaitingRoomResult.Busy(seat(i % 300)));
        }

        WaitingRoomStats stats = room.stats();
        assertThat(stats.busy()).isEqualTo(100_000);
        assertThat(stats.queueDepth()).isEqualTo(CAPACITY);
        assertThat(stats.callsInFlight()).isEqualTo(2);
        WaitingRoom.Footprint footprint = room.footprint();
        assertThat(footprint.unanswered()).isEqualTo(CAPACITY);
        assertThat(footprint.waitingInLines()).isEqualTo(CAPACITY - 2);
        assertThat(footprint.seatLines()).isEqualTo(50);
        assertThat(footprint.readySeats()).isEqualTo(48);
        assertThat(admitted).noneMatch(CompletableFuture::isDone);

        repository.releaseAll();
        assertThat(room.shutdown(HANG_GUARD)).isTrue();
        for (int i = 0; i < CAPACITY; i++) {
            BookingResult result = served(admitted.get(i));
            assertThat(result).isInstanceOfAny(BookingResult.Booked.class, BookingResult.Taken.class);
        }
        assertThat(admitted).filteredOn(f -> served(f) instanceof BookingResult.Booked).hasSize(50);
        assertThat(room.footprint()).isEqualTo(new WaitingRoom.Footprint(0, 0, 0, 0, 0));
    }

    @Test
    void aFreedSlotIsUsableAgain() throws Exception {
        WaitingRoom room = room(b -> b.capacity(1).workers(1));
        repository.hold(seat(1));
        CompletableFuture<WaitingRoomResult> first = room.submit(seat(1), user("ann"));
        assertThat(room.submit(seat(2), user("bob")).join()).isEqualTo(new WaitingRoomResult.Busy(seat(2)));
        repository.release(seat(1));
        assertThat(served(first)).isInstanceOf(BookingResult.Booked.class);

        assertThat(served(room.submit(seat(2), user("bob")))).isEqualTo(TestResults.booked(seat(2), user("bob")));
    }

    @Test
    void aRememberedOwnerAnswersEvenWhenTheRoomIsFull() throws Exception {
        WaitingRoom room = room(b -> b.capacity(1).workers(1).rememberOwnersFor(NEVER));
        assertThat(served(room.submit(seat(1), user("ann")))).isInstanceOf(BookingResult.Booked.class);
        repository.hold(seat(2));
        room.submit(seat(2), user("bob"));

        assertThat(room.submit(seat(3), user("carol")).join()).isInstanceOf(WaitingRoomResult.Busy.class);
        assertThat(room.submit(seat(1), user("carol")).join())
                .isEqualTo(new WaitingRoomResult.Served(new BookingResult.Taken(seat(1))));
    }

    @Test
    void rememberedOwnersAreBoundedByTheCapacity() {
        WaitingRoom room = room(b -> b.capacity(3).rememberOwnersFor(NEVER));
        for (int i = 0; i < 20; i++) {
            assertThat(served(room.submit(seat(i), user(i)))).isInstanceOf(BookingResult.Booked.class);
        }
        assertThat(room.footprint().knownOwners()).isEqualTo(3);

        // the most recently learned are kept; an older one is forgotten and simply asked again
        int calls = repository.tryBookCalls();
        assertThat(served(room.submit(seat(19), user("late")))).isEqualTo(new BookingResult.Taken(seat(19)));
        assertThat(repository.tryBookCalls()).isEqualTo(calls);
        assertThat(served(room.submit(seat(0), user("late")))).isEqualTo(new BookingResult.Taken(seat(0)));
        assertThat(repository.tryBookCalls()).isEqualTo(calls + 1);
    }

    @Test
    void theWorkersAreAFixedSetOfNamedDaemonThreads() throws Exception {
        WaitingRoom room = room(b -> b.workers(3));
        List<Thread> threads = roomThreads(room);
        assertThat(threads).extracting(Thread::getName).containsExactlyInAnyOrder(
                room.threadNamePrefix() + "-worker-1", room.threadNamePrefix() + "-worker-2",
                room.threadNamePrefix() + "-worker-3", room.threadNamePrefix() + "-deadlines");
        assertThat(threads).allMatch(Thread::isDaemon);

        for (int i = 0; i < 200; i++) {
            room.submit(seat(i), user(i));
        }
        room.shutdown(Duration.ofMinutes(1));
        assertThat(roomThreads(room)).hasSizeLessThanOrEqualTo(4); // no thread per request, ever
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
        assertThat(roomThreads(room)).isEmpty();
    }

    static List<Thread> roomThreads(WaitingRoom room) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(room.threadNamePrefix() + "-")).toList();
    }
}
