package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/** What the waiting room tests share: a steerable repository with seats, rooms that are shut down after each test. */
abstract class WaitingRoomTestSupport {

    /** Only a guard against hangs; no test depends on how long anything takes. */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** A deadline that is never reached in a test that does not mean to reach it. */
    static final Duration NEVER = Duration.ofMinutes(10);

    final ShowId show = ShowId.of("show");
    final ControllableSeatRepository repository = new ControllableSeatRepository();
    private final List<WaitingRoom> rooms = new ArrayList<>();

    @BeforeEach
    void addSeats() {
        repository.addSeats(show, IntStream.range(0, 300).mapToObj(i -> "S" + i).toList());
    }

    @AfterEach
    void shutDownRooms() throws InterruptedException {
        repository.releaseAll();
        for (WaitingRoom room : rooms) {
            room.shutdown(Duration.ZERO);
            room.awaitTermination(HANG_GUARD);
        }
    }

    /** A room around {@link #repository} with the test's settings; deadlines are out of reach unless set. */
    WaitingRoom room(UnaryOperator<WaitingRoom.Builder> settings) {
        WaitingRoom room = settings.apply(WaitingRoom.builder(repository).deadline(NEVER)).build();
        rooms.add(room);
        return room;
    }

    /** A room around another store than {@link #repository}, shut down after the test like the others. */
    WaitingRoom room(SeatRepository store, UnaryOperator<WaitingRoom.Builder> settings) {
        WaitingRoom room = settings.apply(WaitingRoom.builder(store).deadline(NEVER)).build();
        rooms.add(room);
        return room;
    }

    SeatId seat(int number) {
        return show.seat("S" + number);
    }

    static UserId user(String name) {
        return UserId.of(name);
    }

    static UserId user(int number) {
        return UserId.of("user-" + number);
    }

    /** The answer, waiting at most {@link #HANG_GUARD}. */
    static WaitingRoomResult answer(CompletableFuture<WaitingRoomResult> future) {
        try {
            return future.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("the request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + HANG_GUARD + " (hung?)", e);
        }
    }

    /** The booking result of an answer that must be {@code Served}. */
    static BookingResult served(CompletableFuture<WaitingRoomResult> future) {
        WaitingRoomResult answer = answer(future);
        if (answer instanceof WaitingRoomResult.Served served) {
            return served.result();
        }
        throw new AssertionError("expected Served, got " + answer);
    }

    /** Waits until the condition holds; for states the room reaches on its own threads. */
    static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(1);
        }
    }
}
