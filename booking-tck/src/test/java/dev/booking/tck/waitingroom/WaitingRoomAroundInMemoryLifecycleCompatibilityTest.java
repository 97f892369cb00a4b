package dev.booking.tck.waitingroom;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.SeatLifecycleContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The lifecycle rules hold through a waiting room: a release through it makes the room forget the
 * seat's owner before the release reaches the store, so a remembered owner never answers for a seat
 * whose release may have taken effect (rule 14b races exactly that, on few seats and users).
 */
class WaitingRoomAroundInMemoryLifecycleCompatibilityTest extends SeatLifecycleContract {

    private WaitingRoom room;

    @Override
    protected SeatRepository repository(BookingListener listener) {
        // the store takes a moment to answer, as a real one does: that is when a stale memory shows
        room = WaitingRoom.builder(new PausingSeatRepository(InMemorySeatRepository.builder().listener(listener).build()))
                .capacity(Math.max(5_000, settings.racers()))
                .deadline(settings.timeout())
                .build();
        return room.asRepository();
    }

    @AfterEach
    void closeRoom() {
        room.close();
    }
}
