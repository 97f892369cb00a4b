package dev.booking.bench.jmh;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The waiting room's overhead per request: the same bookings through a {@link WaitingRoom} and
 * straight to the same {@link InMemorySeatRepository}, in one run; the difference of the two is what
 * the room adds. {@code direct*} is the baseline of the {@code room*} method with the same ending.
 * Free seats run in batches of {@link #BATCH}, freed again untimed (through the room's
 * {@link WaitingRoom#asRepository() repository view}, which makes it forget their owners) before
 * every invocation.
 *
 * <ul>
 *   <li>{@code roomOneByOne}: one caller, {@code submitAndWait} per seat: the latency the room adds,
 *       a hand-over to a worker thread and back;</li>
 *   <li>{@code roomAllAtOnce}: the batch submitted at once, then every answer awaited: the room's
 *       cost per request when its line is full;</li>
 *   <li>{@code roomLoser}: a taken seat whose owner the room remembers, answered without a call.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WaitingRoomBenchmarks {

    /** Free seats booked per invocation, and freed again before the next. */
    static final int BATCH = 1_024;

    static final ShowId SHOW = ShowId.of("jmh-room");

    InMemorySeatRepository repository;
    WaitingRoom room;
    SeatId[] seats;
    UserId user;
    SeatId taken;
    UserId owner;
    UserId loser;

    /** Adds the seats, books the taken one and opens a room that remembers owners for the whole run. */
    @Setup(Level.Trial)
    public void setUp() {
        repository = new InMemorySeatRepository();
        List<String> numbers = RepositoryBenchmarks.numbers("R", BATCH);
        repository.addSeats(SHOW, numbers);
        repository.addSeats(SHOW, List.of("HOT"));
        seats = numbers.stream().map(SHOW::seat).toArray(SeatId[]::new);
        user = UserId.of("user");
        taken = SHOW.seat("HOT");
        owner = UserId.of("owner");
        loser = UserId.of("loser");
        Checks.expect(repository.tryBook(taken, owner) instanceof BookingResult.Booked, taken, "the hot seat is booked");
        room = WaitingRoom.builder(repository).capacity(BATCH * 2).rememberOwnersFor(Duration.ofHours(1)).build();
    }

    /** Frees the batch's seats through the room, so that it forgets their owners too. */
    @Setup(Level.Invocation)
    public void free() {
        for (SeatId seat : seats) {
            room.asRepository().release(seat, user);
        }
    }

    /** Closes the room. */
    @TearDown(Level.Trial)
    public void tearDown() {
        room.close();
    }

    /** The baseline: {@code tryBook} of {@link #BATCH} free seats straight to the repository. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int directOneByOne() {
        int booked = 0;
        for (SeatId seat : seats) {
            if (repository.tryBook(seat, user) instanceof BookingResult.Booked) {
                booked++;
            }
        }
        return Checks.exactly(booked, BATCH, "free seats booked directly");
    }

    /** The same seats through the room, one {@code submitAndWait} after the other. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int roomOneByOne() throws InterruptedException {
        int booked = 0;
        for (SeatId seat : seats) {
            if (booked(room.submitAndWait(seat, user))) {
                booked++;
            }
        }
        return Checks.exactly(booked, BATCH, "free seats booked through the room");
    }

    /** The baseline of {@link #roomAllAtOnce}: the same work as {@link #directOneByOne}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int directAllAtOnce() {
        return directOneByOne();
    }

    /** The same seats submitted to the room all at once, then every answer awaited. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int roomAllAtOnce() {
        List<CompletableFuture<WaitingRoomResult>> answers = new ArrayList<>(BATCH);
        for (SeatId seat : seats) {
            answers.add(room.submit(seat, user));
        }
        int booked = 0;
        for (CompletableFuture<WaitingRoomResult> answer : answers) {
            if (booked(answer.join())) {
                booked++;
            }
        }
        return Checks.exactly(booked, BATCH, "free seats booked through the room");
    }

    /** The baseline of {@link #roomLoser}: {@code tryBook} of the taken seat straight to the repository. */
    @Benchmark
    public BookingResult directLoser() {
        BookingResult result = repository.tryBook(taken, loser);
        return Checks.expect(result instanceof BookingResult.Taken, result, "the loser is told Taken");
    }

    /** The taken seat through the room, which answers from the owner it remembers. */
    @Benchmark
    public WaitingRoomResult roomLoser() throws InterruptedException {
        WaitingRoomResult result = room.submitAndWait(taken, loser);
        return Checks.expect(result instanceof WaitingRoomResult.Served served
                && served.result() instanceof BookingResult.Taken, result, "the loser is told Taken");
    }

    private static boolean booked(WaitingRoomResult result) {
        return result instanceof WaitingRoomResult.Served served && served.result() instanceof BookingResult.Booked;
    }
}
