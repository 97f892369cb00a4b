package dev.booking.examples;

import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomListener;
import dev.booking.queue.waitingroom.WaitingRoomResult;

import java.time.Duration;

/** The README's waiting room in front of a repository. */
public final class WaitingRooms {

    private WaitingRooms() {
    }

    /** Puts a waiting room in front of {@code seats} and submits one booking; the caller closes the room. */
    public static WaitingRoom inFrontOf(SeatRepository seats, SeatId seat, UserId user, WaitingRoomListener metrics) {
        // sample:waiting-room
        WaitingRoom room = WaitingRoom.builder(seats)          // any SeatRepository: JDBC, Mongo, in-memory
                .capacity(5_000)                                // request 5,001 is answered Busy at once
                .workers(8)                                     // at most 8 repository calls at a time (~ pool size)
                .deadline(Duration.ofSeconds(10))               // unanswered by then: TimedOut
                .rememberOwnersFor(Duration.ofSeconds(1))       // answer "taken" from memory this long
                .listener(metrics)                              // optional WaitingRoomListener
                .build();

        room.submit(seat, user).thenAccept(answer -> respond(answer));   // Served | Busy | TimedOut | Closed
        SeatRepository queued = room.asRepository();            // for code written against SeatRepository
        // end-sample:waiting-room
        System.out.println("also usable as " + queued);
        return room;
    }

    private static void respond(WaitingRoomResult answer) {
        System.out.println(answer);
    }
}
