package dev.booking.bench.jmh;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link InMemorySeatRepository} beside its floor, a {@link ConcurrentHashMap} doing the nearest
 * thing on the same keys ({@code putIfAbsent} for a booking, {@code get} for a read). Each
 * {@code *Floor} method is the baseline of the method named without the suffix. Bookings of free
 * seats run in batches of {@link #BATCH} seats per invocation, which an untimed set-up frees again
 * before the next, so the repository keeps its size however long the run; the {@code TwoThreads}
 * variants book disjoint slices of the one shared repository at once, and show what its single
 * lock costs under contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RepositoryBenchmarks {

    /** Free seats booked per invocation, and freed again before the next. */
    static final int BATCH = 4_096;
    /** Seats per group claim. */
    static final int GROUP = 4;
    /** Seats of the show that {@code listSeats} reads. */
    static final int LISTED = 1_000;

    static final ShowId HOT_SHOW = ShowId.of("jmh-hot");
    static final ShowId LISTED_SHOW = ShowId.of("jmh-listed");

    InMemorySeatRepository repository;
    /** The floor of {@link #repository}: who has each seat. */
    ConcurrentHashMap<SeatId, UserId> floor;
    /** A repository holding only the listed show, since {@code listSeats} looks at every seat it has. */
    InMemorySeatRepository listed;
    /** The floor of {@link #listed}: the listed seats, already in order. */
    TreeMap<SeatId, SeatState> listedFloor;
    SeatId taken;
    UserId owner;
    UserId loser;
    /** Numbers the thread slices. */
    final AtomicInteger slices = new AtomicInteger();

    /** Adds the taken seat and the listed show; the slices add their own seats. */
    @Setup(Level.Trial)
    public void setUp() {
        repository = new InMemorySeatRepository();
        floor = new ConcurrentHashMap<>();
        taken = HOT_SHOW.seat("A1");
        owner = UserId.of("owner");
        loser = UserId.of("loser");
        repository.addSeats(HOT_SHOW, List.of("A1"));
        Checks.expect(repository.tryBook(taken, owner) instanceof BookingResult.Booked, taken, "the hot seat is booked");
        floor.put(taken, owner);

        listed = new InMemorySeatRepository();
        listedFloor = new TreeMap<>();
        List<String> numbers = numbers("L", LISTED);
        listed.addSeats(LISTED_SHOW, numbers);
        numbers.forEach(number -> listedFloor.put(LISTED_SHOW.seat(number), SeatState.empty(LISTED_SHOW.seat(number))));
    }

    /** Seat numbers {@code prefix0000}, {@code prefix0001}, ... */
    static List<String> numbers(String prefix, int count) {
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add(String.format("%s%05d", prefix, i));
        }
        return numbers;
    }

    /**
     * One thread's own seats of the shared repository, booked by one user, freed again (untimed)
     * before every invocation.
     */
    @State(Scope.Thread)
    public static class Slice {
        SeatId[] seats;
        ClaimRequest[] groups;
        UserId user;

        /** Adds this thread's seats to the shared repository. */
        @Setup(Level.Trial)
        public void setUp(RepositoryBenchmarks shared) {
            int index = shared.slices.getAndIncrement();
            ShowId show = ShowId.of("jmh-slice-" + index);
            user = UserId.of("user-" + index);
            List<String> numbers = numbers("S", BATCH);
            shared.repository.addSeats(show, numbers);
            seats = numbers.stream().map(show::seat).toArray(SeatId[]::new);
            groups = new ClaimRequest[BATCH / GROUP];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = ClaimRequest.book(show, user, numbers.subList(g * GROUP, (g + 1) * GROUP));
            }
        }

        /** Frees whatever the last invocation booked, in the repository and in the floor. */
        @Setup(Level.Invocation)
        public void free(RepositoryBenchmarks shared) {
            for (SeatId seat : seats) {
                shared.repository.release(seat, user);
                shared.floor.remove(seat);
            }
        }
    }

    /** {@code tryBook} of {@link #BATCH} free seats; each must be {@code Booked}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bookFreeSeats(Slice slice) {
        return bookAll(slice);
    }

    /** The floor of {@link #bookFreeSeats}: {@code putIfAbsent} of the same seats. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bookFreeSeatsFloor(Slice slice) {
        return putAll(slice);
    }

    /** {@link #bookFreeSeats} by two threads at once, each on its own seats. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int bookFreeSeatsTwoThreads(Slice slice) {
        return bookAll(slice);
    }

    /** The floor of {@link #bookFreeSeatsTwoThreads}. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int bookFreeSeatsTwoThreadsFloor(Slice slice) {
        return putAll(slice);
    }

    private int bookAll(Slice slice) {
        int booked = 0;
        for (SeatId seat : slice.seats) {
            if (repository.tryBook(seat, slice.user) instanceof BookingResult.Booked) {
                booked++;
            }
        }
        return Checks.exactly(booked, BATCH, "free seats booked");
    }

    private int putAll(Slice slice) {
        int put = 0;
        for (SeatId seat : slice.seats) {
            if (floor.putIfAbsent(seat, slice.user) == null) {
                put++;
            }
        }
        return Checks.exactly(put, BATCH, "free keys put");
    }

    /** The loser: {@code tryBook} of a seat someone else has; must be {@code Taken}. */
    @Benchmark
    public BookingResult loseTakenSeat() {
        BookingResult result = repository.tryBook(taken, loser);
        return Checks.expect(result instanceof BookingResult.Taken, result, "the loser is told Taken");
    }

    /** The floor of {@link #loseTakenSeat}: {@code putIfAbsent} of a present key. */
    @Benchmark
    public UserId loseTakenSeatFloor() {
        UserId present = floor.putIfAbsent(taken, loser);
        return Checks.expect(owner.equals(present), present, "the key keeps its owner");
    }

    /** {@link #loseTakenSeat} by two threads at once, on the one seat. */
    @Benchmark
    @Threads(2)
    public BookingResult loseTakenSeatTwoThreads() {
        return loseTakenSeat();
    }

    /** The floor of {@link #loseTakenSeatTwoThreads}. */
    @Benchmark
    @Threads(2)
    public UserId loseTakenSeatTwoThreadsFloor() {
        return loseTakenSeatFloor();
    }

    /** {@code claim} of {@link #GROUP} adjacent free seats, all or none, {@code BATCH / GROUP} times; each {@code Claimed}. */
    @Benchmark
    @OperationsPerInvocation(BATCH / GROUP)
    public int claimGroupOfFour(Slice slice) {
        int claimed = 0;
        for (ClaimRequest group : slice.groups) {
            if (repository.claim(group) instanceof ClaimResult.Claimed) {
                claimed++;
            }
        }
        return Checks.exactly(claimed, BATCH / GROUP, "groups claimed");
    }

    /** The floor of {@link #claimGroupOfFour}: four {@code putIfAbsent}, without all-or-none. */
    @Benchmark
    @OperationsPerInvocation(BATCH / GROUP)
    public int claimGroupOfFourFloor(Slice slice) {
        return Checks.exactly(putAll(slice) / GROUP, BATCH / GROUP, "groups put");
    }

    /** {@code findSeat} of the taken seat; must name its owner. */
    @Benchmark
    public Optional<SeatState> findSeat() {
        Optional<SeatState> state = repository.findSeat(taken);
        return Checks.expect(state.isPresent() && owner.equals(state.get().owner()), state, "the seat is the owner's");
    }

    /** The floor of {@link #findSeat}: {@code get}. */
    @Benchmark
    public UserId findSeatFloor() {
        UserId found = floor.get(taken);
        return Checks.expect(owner.equals(found), found, "the key is the owner's");
    }

    /** {@link #findSeat} by two threads at once. */
    @Benchmark
    @Threads(2)
    public Optional<SeatState> findSeatTwoThreads() {
        return findSeat();
    }

    /** The floor of {@link #findSeatTwoThreads}. */
    @Benchmark
    @Threads(2)
    public UserId findSeatTwoThreadsFloor() {
        return findSeatFloor();
    }

    /** {@code listSeats} of a show of {@link #LISTED} seats, in order. */
    @Benchmark
    public List<SeatState> listSeats() {
        List<SeatState> seats = listed.listSeats(LISTED_SHOW);
        return Checks.expect(seats.size() == LISTED, seats, LISTED + " seats listed");
    }

    /** The floor of {@link #listSeats}: copying a sorted map's {@link #LISTED} values into a list. */
    @Benchmark
    public List<SeatState> listSeatsFloor() {
        List<SeatState> seats = new ArrayList<>(listedFloor.values());
        return Checks.expect(seats.size() == LISTED, seats, LISTED + " values copied");
    }
}
