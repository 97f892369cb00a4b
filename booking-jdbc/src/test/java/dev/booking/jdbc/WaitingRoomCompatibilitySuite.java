package dev.booking.jdbc;

import dev.booking.core.SeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;

/**
 * The compatibility kit through a waiting room in front of a real database: the room's ordering,
 * coalescing and remembered owners must keep every rule (one winner, nothing lost, linearizable).
 */
abstract class WaitingRoomCompatibilitySuite extends JdbcCompatibilitySuite {

    private WaitingRoom room;

    @Override
    protected SeatRepository repository() {
        if (room == null) {
            room = WaitingRoom.builder(jdbcRepository())
                    .capacity(Math.max(5_000, settings.racers()))
                    .workers(POOL_SIZE)
                    .deadline(settings.timeout())
                    .rememberOwnersFor(Duration.ofSeconds(1))
                    .build();
        }
        return room.asRepository();
    }

    @AfterAll
    void closeRoom() {
        if (room != null) {
            room.close();
        }
    }
}
