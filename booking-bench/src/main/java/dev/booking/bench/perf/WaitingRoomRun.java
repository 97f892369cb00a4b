package dev.booking.bench.perf;

import dev.booking.bench.CountingSeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;

import java.time.Duration;

/**
 * Workload 4: the hot seat straight to the library and through a {@link WaitingRoom} with its default
 * settings, counting the calls that reach the repository. Without the room every caller costs at least
 * one database call (a loser two); with it, a round should cost one or two calls in all.
 */
final class WaitingRoomRun {

    private WaitingRoomRun() {
    }

    /** The hot seat, every caller calling the library directly. */
    static RunResult direct(Backend backend, int callers, int rounds, String pairKey, ShowIds shows,
                            Duration answerTimeout) throws InterruptedException {
        CountingSeatRepository counted = new CountingSeatRepository(backend.repository());
        RunResult result = HotSeatRun.run(Workload.WAITING_ROOM, backend,
                new LibraryApproach(Variants.LIBRARY, counted), callers, rounds, pairKey, shows, answerTimeout);
        return result.withStoreCalls(counted.calls());
    }

    /** The hot seat, every caller going through one waiting room in front of the library. */
    static RunResult behindRoom(Backend backend, int callers, int rounds, String pairKey, ShowIds shows,
                                Duration answerTimeout) throws InterruptedException {
        CountingSeatRepository counted = new CountingSeatRepository(backend.repository());
        try (WaitingRoom room = WaitingRoom.builder(counted).build()) {
            RunResult result = HotSeatRun.run(Workload.WAITING_ROOM, backend,
                    new LibraryApproach(Variants.WAITING_ROOM, room.asRepository()), callers, rounds, pairKey, shows,
                    answerTimeout);
            return result.withStoreCalls(counted.calls());
        }
    }
}
