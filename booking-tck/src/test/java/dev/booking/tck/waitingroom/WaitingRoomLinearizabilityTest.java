package dev.booking.tck.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.tck.Race;
import dev.booking.tck.history.History;
import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.SeatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through {@link WaitingRoom#asRepository()} the room is linearizable, judged by the kit's
 * {@link LinearizabilityChecker}: an answer from memory or from another request's call is never one
 * that no order of the calls explains. (The room's other linearizability tests, which need no kit,
 * stay in booking-queue.)
 */
class WaitingRoomLinearizabilityTest {

    /** Only a guard against hangs; no test depends on how long anything takes. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Owners are not remembered by time: only what the room learned from the store answers. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final List<WaitingRoom> rooms = new ArrayList<>();

    @AfterEach
    void shutDownRooms() throws InterruptedException {
        for (WaitingRoom room : rooms) {
            room.shutdown(Duration.ZERO);
            room.awaitTermination(HANG_GUARD);
        }
    }

    /**
     * The history an external tester found: booked; then, while the release is on its way back,
     * a read sees the seat empty and a booking after that read was told Taken from memory.
     */
    @Test
    void aBookingAfterAReadThatSawTheReleaseIsNotAnsweredFromTheReleasedOwner() throws Exception {
        PausingSeatRepository store = new PausingSeatRepository(new InMemorySeatRepository());
        SeatRepository seats = roomAround(store).asRepository();
        SeatId seat = ShowId.of("show").seat("S1");
        seats.addSeats(seat.show(), List.of(seat.number()));
        History history = new History();
        assertThat(history.book(seats, seat, UserId.of("u3"))).isInstanceOf(BookingResult.Booked.class);

        store.holdReleaseReturns(); // the store empties the seat, the answer is still on its way
        CompletableFuture<ReleaseResult> release = CompletableFuture.supplyAsync(
                () -> history.release(seats, seat, UserId.of("u3")));
        store.awaitReleasesApplied(1);
        assertThat(history.read(seats, seat).orElseThrow().isEmpty()).isTrue();
        BookingResult afterTheRead = history.book(seats, seat, UserId.of("u1"));
        store.letReleasesReturn();
        assertThat(release.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ReleaseResult.Released.class);

        LinearizabilityChecker.Verdict verdict = checker.check(history.operations(), s -> SeatModel.EMPTY);
        assertThat(verdict.linearizable()).as(verdict.describe()).isTrue();
        assertThat(afterTheRead).isInstanceOf(BookingResult.Booked.class);
        assertThat(store.findSeat(seat).orElseThrow().owner()).isEqualTo(UserId.of("u1"));
    }

    /**
     * The kit's checker on races that mix bookings, releases and reads on few seats and few users,
     * through the room around the in-memory store; the store pauses a little around its answers,
     * which widens the moments in which a room may answer from a stale owner. Many short rounds
     * beat one big one: each round starts from empty seats and ends in a verdict.
     */
    @Test
    void racesOfBookingsReleasesAndReadsThroughTheRoomAreLinearizable() {
        long seed = Long.getLong("booking.queue.seed", System.nanoTime());
        Random rounds = new Random(seed);
        for (int round = 0; round < 30; round++) {
            SeatRepository seats = roomAround(new PausingSeatRepository(new InMemorySeatRepository())).asRepository();
            ShowId show = ShowId.of("race-" + round);
            int seatCount = 1 + rounds.nextInt(3);
            int userCount = 2 + rounds.nextInt(3);
            List<String> numbers = IntStream.range(0, seatCount).mapToObj(i -> "R" + i).toList();
            seats.addSeats(show, numbers);
            long roundSeed = rounds.nextLong();
            History history = new History();
            List<Race.Attempt<Object>> attempts = Race.run(4, caller -> () -> {
                Random random = new Random(roundSeed + caller);
                for (int i = 0; i < 100; i++) {
                    SeatId seat = show.seat(numbers.get(random.nextInt(seatCount)));
                    UserId user = UserId.of("u" + random.nextInt(userCount));
                    switch (random.nextInt(4)) {
                        case 0 -> history.release(seats, seat, user);
                        case 1 -> history.read(seats, seat);
                        default -> history.book(seats, seat, user);
                    }
                }
                return null;
            }, Duration.ofSeconds(120));
            assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
            LinearizabilityChecker.Verdict verdict = checker.check(history.operations(), s -> SeatModel.EMPTY);
            assertThat(verdict.linearizable())
                    .as("round %d of seed %d (replay with -Dbooking.queue.seed=%d): %s", round, seed, seed,
                            verdict.describe())
                    .isTrue();
        }
    }

    private WaitingRoom roomAround(SeatRepository store) {
        WaitingRoom room = WaitingRoom.builder(store).deadline(NEVER).rememberOwnersFor(NEVER).build();
        rooms.add(room);
        return room;
    }
}
