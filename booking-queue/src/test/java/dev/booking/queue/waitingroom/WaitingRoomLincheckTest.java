package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The room's {@link WaitingRoom#asRepository()} view checked by JetBrains Lincheck, an established
 * linearizability tester, beside the kit's own checker (rules 9, 14 and 14b run through the room in
 * {@code WaitingRoomAroundInMemory*CompatibilityTest}). Lincheck runs many small scenarios of bookings,
 * releases and reads on two seats by two users from three threads, and compares every set of answers
 * with a plain sequential model of a seat map.
 *
 * <p>Each Lincheck invocation builds a new test instance; the room and its store are shared (a room is
 * costly to start), and each instance works on a show of its own, so no invocation sees another's seats.
 */
class WaitingRoomLincheckTest {

    private static final InMemorySeatRepository STORE = new InMemorySeatRepository();
    private static final WaitingRoom ROOM = WaitingRoom.builder(STORE)
            .workers(2)
            .deadline(Duration.ofMinutes(10))
            .rememberOwnersFor(Duration.ofMinutes(10)) // the memory whose answers must stay linearizable
            .build();
    private static final AtomicLong SHOWS = new AtomicLong();

    @AfterAll
    static void closeRoom() throws InterruptedException {
        ROOM.shutdown(Duration.ZERO);
        ROOM.awaitTermination(Duration.ofSeconds(60));
    }

    @Test
    void theRoomsRepositoryViewIsLinearizable() {
        LinChecker.check(ThroughTheRoom.class, options());
    }

    /** Proves the check bites: a memory that still answers from an owner after the release has returned. */
    @Test
    void lincheckCatchesAMemoryThatOutlivesTheRelease() {
        assertThatThrownBy(() -> LinChecker.check(RememberingOwnersForever.class, options()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Invalid execution results");
    }

    private static StressOptions options() {
        return new StressOptions()
                .iterations(40)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(SeatsInSequence.class);
    }

    private static String describe(BookingResult result, int user) {
        if (result instanceof BookingResult.Booked) {
            return "booked";
        }
        if (result instanceof BookingResult.AlreadyYours) {
            return "already yours";
        }
        return result instanceof BookingResult.Taken ? "taken" : result.getClass().getSimpleName();
    }

    private static String describe(ReleaseResult result) {
        return result instanceof ReleaseResult.Released ? "released" : "not released";
    }

    /** Each instance's own show with seats S1 and S2 in the shared store. */
    private static ShowId newShow() {
        ShowId show = ShowId.of("lincheck-" + SHOWS.incrementAndGet());
        STORE.addSeats(show, List.of("S1", "S2"));
        return show;
    }

    /** The subject: calls through the room's repository view. Plain fields only, so Lincheck can copy it. */
    @Param(name = "seat", gen = IntGen.class, conf = "1:2")
    @Param(name = "user", gen = IntGen.class, conf = "1:2")
    public static class ThroughTheRoom {
        private final String show = newShow().value();
        private final SeatRepository seats = ROOM.asRepository();

        private SeatId seat(int number) {
            return ShowId.of(show).seat("S" + number);
        }

        @Operation
        public String book(@Param(name = "seat") int seat, @Param(name = "user") int user) {
            return describe(seats.tryBook(seat(seat), UserId.of("u" + user)), user);
        }

        @Operation
        public String release(@Param(name = "seat") int seat, @Param(name = "user") int user) {
            return describe(seats.release(seat(seat), UserId.of("u" + user)));
        }

        @Operation
        public String read(@Param(name = "seat") int seat) {
            SeatState state = seats.findSeat(seat(seat)).orElseThrow();
            return state.owner() == null ? "empty" : "owned by " + state.owner().value();
        }
    }

    /**
     * A broken room in miniature: it remembers every owner it booked and answers later bookings of that
     * seat with "taken" from memory, without forgetting when a release has taken effect.
     */
    @Param(name = "seat", gen = IntGen.class, conf = "1:2")
    @Param(name = "user", gen = IntGen.class, conf = "1:2")
    public static class RememberingOwnersForever {
        private final String show = newShow().value();
        private final Map<Integer, String> remembered = new ConcurrentHashMap<>();

        private SeatId seat(int number) {
            return ShowId.of(show).seat("S" + number);
        }

        @Operation
        public String book(@Param(name = "seat") int seat, @Param(name = "user") int user) {
            String owner = remembered.get(seat);
            if (owner != null && !owner.equals("u" + user)) {
                return "taken";
            }
            BookingResult result = STORE.tryBook(seat(seat), UserId.of("u" + user));
            if (result instanceof BookingResult.Booked booked) {
                remembered.put(seat, booked.owner().value());
            }
            return describe(result, user);
        }

        @Operation
        public String release(@Param(name = "seat") int seat, @Param(name = "user") int user) {
            return describe(STORE.release(seat(seat), UserId.of("u" + user)));
        }

        @Operation
        public String read(@Param(name = "seat") int seat) {
            SeatState state = STORE.findSeat(seat(seat)).orElseThrow();
            return state.owner() == null ? "empty" : "owned by " + state.owner().value();
        }
    }

    /** The sequential model Lincheck compares with: who owns each seat, nothing else. */
    public static class SeatsInSequence {
        private final Map<Integer, String> owners = new HashMap<>();

        public String book(int seat, int user) {
            String owner = owners.get(seat);
            if (owner == null) {
                owners.put(seat, "u" + user);
                return "booked";
            }
            return owner.equals("u" + user) ? "already yours" : "taken";
        }

        public String release(int seat, int user) {
            return owners.remove(seat, "u" + user) ? "released" : "not released";
        }

        public String read(int seat) {
            String owner = owners.get(seat);
            return owner == null ? "empty" : "owned by " + owner;
        }
    }
}
