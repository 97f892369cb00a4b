package dev.booking.queue.waitingroom;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.SeatLifecycleContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The lifecycle rules hold through a waiting room: a release through it makes the room forget the
 * seat's owner, so a remembered owner never outlives a release made through the same room.
 */
class WaitingRoomAroundInMemoryLifecycleCompatibilityTest extends SeatLifecycleContract {

    private WaitingRoom room;

    @Override
    protected SeatRepository repository(BookingListener listener) {
        room = WaitingRoom.builder(InMemorySeatRepository.builder().listener(listener).build())
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
