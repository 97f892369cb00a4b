package dev.booking.queue.waitingroom;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A correct in-memory repository that tests can steer: it counts and logs calls, can hold calls
 * for chosen seats (or all seats) until released, can hold a release open after it took effect, can
 * throw for chosen users, and can change seats "behind the room's back" as another instance would.
 */
final class ControllableSeatRepository implements SeatRepository {

    /** How long a held call waits at most, so that a broken test cannot hang the build. */
    static final long HANG_GUARD_SECONDS = 60;

    /** One call into the repository, as logged. */
    record Call(String method, SeatId seat, UserId user) {
    }

    private final ConcurrentMap<SeatId, SeatState> seats = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger tryBookCalls = new AtomicInteger();
    private final AtomicInteger findSeatCalls = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final Semaphore entered = new Semaphore(0);
    private final Map<SeatId, CountDownLatch> heldSeats = new ConcurrentHashMap<>();
    private volatile CountDownLatch holdAll = new CountDownLatch(0);
    private final Map<UserId, RuntimeException> failuresByUser = new ConcurrentHashMap<>();
    private final Set<UserId> answersNullTo = ConcurrentHashMap.newKeySet();
    private volatile RuntimeException findSeatFailure;
    private final Map<SeatId, CountDownLatch> heldReleaseReturns = new ConcurrentHashMap<>();
    private final Map<SeatId, CountDownLatch> heldReads = new ConcurrentHashMap<>();
    private final Semaphore releasesApplied = new Semaphore(0);

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        tryBookCalls.incrementAndGet();
        enter(new Call("tryBook", seat, user));
        try {
            RuntimeException failure = failuresByUser.get(user);
            if (failure != null) {
                throw failure;
            }
            if (answersNullTo.contains(user)) {
                return null; // a broken repository: the room must fail this request only
            }
            BookingResult[] result = new BookingResult[1];
            seats.computeIfPresent(seat, (id, state) -> {
                if (state.isEmpty()) {
                    result[0] = TestResults.booked(id, user);
                    return new SeatState(id, SeatStatus.BOOKED, user, TestResults.reference(user), null, state.version() + 1);
                }
                result[0] = user.equals(state.owner())
                        ? TestResults.alreadyYours(id, user) : new BookingResult.Taken(id);
                return state;
            });
            return result[0] != null ? result[0] : new BookingResult.NoSuchSeat(seat);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        findSeatCalls.incrementAndGet();
        enter(new Call("findSeat", seat, null));
        try {
            CountDownLatch readHold = heldReads.get(seat);
            if (readHold != null) {
                await(readHold);
            }
            RuntimeException failure = findSeatFailure;
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(seats.get(seat));
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        throw new UnsupportedOperationException("the waiting room tests use tryBook only");
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        throw new UnsupportedOperationException("the waiting room tests use tryBook only");
    }

    /** Releases the user's live seats under the reference; see {@link #holdReleaseReturns(SeatId)}. */
    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        List<SeatId> named = seats.values().stream().filter(s -> reference.equals(s.reference()))
                .map(SeatState::seat).sorted().toList();
        if (named.isEmpty()) {
            return new ReleaseResult.NothingToRelease();
        }
        if (named.stream().anyMatch(seat -> !user.equals(seats.get(seat).owner()))) {
            return new ReleaseResult.NotYours();
        }
        named.forEach(this::releaseElsewhere);
        afterRelease(named);
        return new ReleaseResult.Released(reference, user, named);
    }

    /** Releases the seat if the user owns it; see {@link #holdReleaseReturns(SeatId)}. */
    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        SeatState current = seats.get(seat);
        if (current == null || current.isEmpty()) {
            return new ReleaseResult.NothingToRelease();
        }
        if (!user.equals(current.owner())) {
            return new ReleaseResult.NotYours();
        }
        releaseElsewhere(seat);
        afterRelease(List.of(seat));
        return new ReleaseResult.Released(current.reference(), user, List.of(seat));
    }

    /** A release has taken effect: it is counted, then waits if its seat's return is held. */
    private void afterRelease(List<SeatId> released) {
        releasesApplied.release();
        for (SeatId seat : released) {
            CountDownLatch held = heldReleaseReturns.get(seat);
            if (held != null) {
                await(held);
            }
        }
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        throw new UnsupportedOperationException("the waiting room tests use tryBook only");
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        for (SeatId seat : Arguments.seatsToAdd(show, numbers)) {
            seats.putIfAbsent(seat, SeatState.empty(seat));
        }
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return seats.values().stream().filter(s -> s.seat().show().equals(show))
                .sorted(Comparator.comparing(s -> s.seat().number())).toList();
    }

    private void enter(Call call) {
        synchronized (calls) {
            calls.add(call);
        }
        int now = running.incrementAndGet();
        mostRunning.accumulateAndGet(now, Math::max);
        entered.release();
        await(holdAll);
        CountDownLatch seatHold = heldSeats.get(call.seat());
        if (seatHold != null) {
            await(seatHold);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------ steering

    /** Calls for {@code seat} wait from now on until {@link #release(SeatId)}. */
    void hold(SeatId seat) {
        heldSeats.put(seat, new CountDownLatch(1));
    }

    void release(SeatId seat) {
        CountDownLatch latch = heldSeats.remove(seat);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Every call waits from now on until {@link #releaseAll()}. */
    void holdAll() {
        holdAll = new CountDownLatch(1);
    }

    void releaseAll() {
        holdAll.countDown();
        heldSeats.keySet().forEach(this::release);
        heldReleaseReturns.keySet().forEach(this::letReleaseReturn);
        heldReads.keySet().forEach(this::releaseReads);
    }

    /**
     * A release of {@code seat} from now on takes effect (a read sees the seat empty at once) but
     * does not return to its caller until {@link #letReleaseReturn(SeatId)}: a release in flight.
     */
    void holdReleaseReturns(SeatId seat) {
        heldReleaseReturns.put(seat, new CountDownLatch(1));
    }

    void letReleaseReturn(SeatId seat) {
        CountDownLatch latch = heldReleaseReturns.remove(seat);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Waits until {@code count} more releases have taken effect (held or not). */
    void awaitReleasesApplied(int count) throws InterruptedException {
        if (!releasesApplied.tryAcquire(count, HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " releases took effect (hung?)");
        }
    }

    /** findSeat of {@code seat} (only) waits from now on until {@link #releaseReads(SeatId)}. */
    void holdReads(SeatId seat) {
        heldReads.put(seat, new CountDownLatch(1));
    }

    void releaseReads(SeatId seat) {
        CountDownLatch latch = heldReads.remove(seat);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** tryBook by {@code user} throws {@code failure}. */
    void failFor(UserId user, RuntimeException failure) {
        failuresByUser.put(user, failure);
    }

    /** tryBook by {@code user} answers {@code null}, which no repository may. */
    void answerNullTo(UserId user) {
        answersNullTo.add(user);
    }

    void failFindSeat(RuntimeException failure) {
        findSeatFailure = failure;
    }

    /** Waits until {@code count} more calls have entered the repository (held or not). */
    void awaitCallsEntered(int count) throws InterruptedException {
        if (!entered.tryAcquire(count, HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " repository calls arrived (hung?)");
        }
    }

    /** Books the seat directly, as another instance of the service would. */
    void bookElsewhere(SeatId seat, UserId owner) {
        seats.computeIfPresent(seat, (id, s) -> new SeatState(id, SeatStatus.BOOKED, owner, TestResults.reference(owner), null, s.version() + 1));
    }

    /** Holds the seat for {@code holder} directly, as a claim through another instance would; it never lapses here. */
    void holdElsewhere(SeatId seat, UserId holder) {
        seats.computeIfPresent(seat, (id, s) -> new SeatState(id, SeatStatus.HELD, holder, TestResults.reference(holder),
                Instant.now().plusSeconds(3600), s.version() + 1));
    }

    /** Empties the seat directly, as a release by another instance would. */
    void releaseElsewhere(SeatId seat) {
        seats.computeIfPresent(seat, (id, s) -> SeatState.empty(id, s.version() + 1));
    }

    // ------------------------------------------------------------ observing

    int tryBookCalls() {
        return tryBookCalls.get();
    }

    int findSeatCalls() {
        return findSeatCalls.get();
    }

    int mostCallsAtOnce() {
        return mostRunning.get();
    }

    int callsRunning() {
        return running.get();
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> tryBookCallLog() {
        return calls().stream().filter(c -> c.method().equals("tryBook")).toList();
    }
}
