package dev.booking.tck.waitingroom;

import dev.booking.core.SeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.SeatRepositoryContract;
import dev.booking.tck.TckSettings;
import org.junit.jupiter.api.AfterAll;

/**
 * The kit's rules hold through a waiting room: ordering, coalescing and remembered owners must not
 * change any answer the wrapped repository would give, least of all who wins a race.
 */
class WaitingRoomAroundInMemoryCompatibilityTest extends SeatRepositoryContract {

    private static final TckSettings SETTINGS = TckSettings.fromEnvironment();

    /** Room enough for every racer of the largest race, and a deadline no slower than the kit's own limit. */
    private static final WaitingRoom ROOM = WaitingRoom.builder(new InMemorySeatRepository())
            .capacity(Math.max(5_000, SETTINGS.racers()))
            .deadline(SETTINGS.timeout())
            .build();

    @Override
    protected SeatRepository repository() {
        return ROOM.asRepository();
    }

    @AfterAll
    static void closeRoom() {
        ROOM.close();
    }
}
