package dev.booking.tck.example;

import dev.booking.core.BookingListener;
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
import dev.booking.core.spi.ClaimIdentity;
import dev.booking.core.spi.EventPublisher;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An adapter as a third party writes one against the SPI of {@code booking-core}: a store with one
 * lock per seat (unlike the in-memory reference implementation's single lock), so that bookings of
 * different seats never wait for each other. It supplies only what its store does differently,
 * how seats are read and how a change is made atomic (lock the seats in {@link SeatId} order, read,
 * write, unlock); every answer comes from {@link SeatRules}, every event from {@link SeatEvents},
 * and the listener is told by an {@link EventPublisher} once the locks are released. It passes the
 * whole compatibility kit (see the tests beside it), which is how an adapter author knows the
 * store is safe.
 *
 * <p>Thread-safety: safe to share between any number of threads.
 */
public final class SeatLockingRepository implements SeatRepository {

    /** How often an operation on a reference starts over because the reference's seats changed under it. */
    private static final int ROUNDS = 100;

    private final Map<SeatId, Slot> seats = new ConcurrentHashMap<>();
    /** The seats stored under each reference; changed only by a thread that holds the seat's lock. */
    private final Map<BookingReference, Set<SeatId>> references = new ConcurrentHashMap<>();
    /**
     * What each reference is bound to, for good, by the first claim that succeeded under it. Two
     * claims under one reference may lock disjoint seats, so the seat locks do not order them: the
     * map's atomic {@code putIfAbsent} does.
     */
    private final Map<BookingReference, ClaimIdentity> bindings = new ConcurrentHashMap<>();
    private final Clock clock;
    private final EventPublisher events;

    /**
     * A repository whose holds expire by {@code clock}, telling {@code listener} about every change.
     *
     * @throws IllegalArgumentException naming {@code clock} or {@code listener} if either is null
     */
    public SeatLockingRepository(Clock clock, BookingListener listener) {
        this.clock = Arguments.requirePresent("clock", clock);
        this.events = new EventPublisher(listener);
    }

    /** One seat: its lock, and its state, written only under the lock. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile SeatState state;

        Slot(SeatState state) {
            this.state = state;
        }
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return events.deliver(withLocks(List.of(seat), () -> {
            Optional<StoredSeat> before = stored(seat);
            Optional<BookingResult> lost = SeatRules.lostBooking(seat, user, before);
            if (lost.isPresent()) {
                return Outcome.unchanged(lost.get());
            }
            BookingReference reference = BookingReference.generate();
            write(seat, SeatStatus.BOOKED, user, reference, null);
            // a lapsed hold replaced under the lock ends here: its EXPIRED is this call's to tell
            return Outcome.changed(new BookingResult.Booked(seat, user, reference),
                    SeatEvents.takeover(List.of(before.get()), SeatEvents.booked(seat, user, reference)));
        }));
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return events.deliver(withGroup(request.reference(), request.seats(), members -> {
            Optional<ClaimResult> replay = SeatRules.replay(request, members);
            if (replay.isPresent()) {
                return Outcome.unchanged(replay.get());
            }
            ClaimIdentity identity = ClaimIdentity.of(request);
            Optional<ClaimResult> inUse = SeatRules.boundToAnotherClaim(request,
                    Optional.ofNullable(bindings.get(request.reference())));
            if (inUse.isPresent()) {
                return Outcome.unchanged(inUse.get());
            }
            Map<SeatId, StoredSeat> found = new HashMap<>();
            request.seats().forEach(seat -> stored(seat).ifPresent(stored -> found.put(seat, stored)));
            Optional<ClaimResult> refusal = SeatRules.refusal(request, found);
            if (refusal.isPresent()) {
                return Outcome.unchanged(refusal.get());
            }
            // the seats are locked and free, so the claim succeeds once the reference is ours: bind it
            // atomically now, against a concurrent claim of other seats under the same reference
            Optional<ClaimResult> lost = SeatRules.boundToAnotherClaim(request,
                    Optional.ofNullable(bindings.putIfAbsent(request.reference(), identity)));
            if (lost.isPresent()) {
                return Outcome.unchanged(lost.get());
            }
            Instant expiresAt = request.holdDuration().map(clock.instant()::plus).orElse(null);
            request.seats().forEach(seat ->
                    write(seat, request.targetStatus(), request.user(), request.reference(), expiresAt));
            ClaimResult.Claimed claimed = new ClaimResult.Claimed(request.reference(), request.user(), request.seats(),
                    request.targetStatus(), expiresAt);
            return Outcome.changed(claimed, SeatEvents.takeover(found.values(), SeatEvents.claimed(claimed)));
        }));
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return events.deliver(withGroup(reference, List.of(), members -> {
            Optional<ConfirmResult> unchanged = SeatRules.confirmWithoutChange(reference, user, members);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            List<SeatId> booked = SeatRules.seatsOf(SeatRules.holdsToConfirm(members));
            booked.forEach(seat -> write(seat, SeatStatus.BOOKED, user, reference, null));
            return Outcome.changed(SeatRules.confirmed(reference, user, members),
                    SeatEvents.confirmed(reference, user, booked));
        }));
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return events.deliver(withGroup(reference, List.of(), members -> {
            Optional<ReleaseResult> unchanged = SeatRules.releaseWithoutChange(user, members);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            List<SeatId> released = SeatRules.seatsOf(SeatRules.live(members));
            released.forEach(this::free);
            return Outcome.changed(new ReleaseResult.Released(reference, user, released),
                    SeatEvents.released(reference, user, released));
        }));
    }

    // sample:release (shown in the README's "Writing your own adapter")
    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return events.deliver(withLocks(List.of(seat), () -> {          // your store's atomicity
            Optional<StoredSeat> current = stored(seat);                 // your store's read
            Optional<ReleaseResult> unchanged = SeatRules.releaseSeatWithoutChange(user, current);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());               // NotYours or NothingToRelease
            }
            BookingReference reference = current.get().reference();
            free(seat);                                                  // your store's write
            return Outcome.changed(new ReleaseResult.Released(reference, user, List.of(seat)),
                    SeatEvents.released(reference, user, List.of(seat)));
        }));
    }
    // end-sample:release

    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        List<SeatId> candidates = seats.keySet().stream().sorted()
                .filter(seat -> stored(seat).map(StoredSeat::lapsed).orElse(false))
                .toList();
        int cleared = 0;
        for (SeatId seat : candidates) {
            if (cleared == limit) {
                break;
            }
            // checked again under the seat's lock: another sweep, or a new claim, may have been first
            Outcome<Integer> outcome = withLocks(List.of(seat), () -> {
                Optional<StoredSeat> hold = stored(seat).filter(StoredSeat::lapsed);
                if (hold.isEmpty()) {
                    return Outcome.unchanged(0);
                }
                free(seat);
                return Outcome.changed(1, SeatEvents.expired(hold.get().reference(), hold.get().owner(), seat));
            });
            cleared += events.deliver(outcome);
        }
        return cleared;
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        for (SeatId seat : Arguments.seatsToAdd(show, numbers)) {
            seats.putIfAbsent(seat, new Slot(SeatState.empty(seat)));
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        return stored(seat).map(StoredSeat::asRead);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return seats.keySet().stream()
                .filter(seat -> seat.show().equals(show))
                .sorted()
                .map(seat -> stored(seat).orElseThrow().asRead())
                .toList();
    }

    /** Runs {@code operation} holding the locks of {@code wanted}'s seats, taken in seat order. */
    private <T> Outcome<T> withLocks(Collection<SeatId> wanted, Supplier<Outcome<T>> operation) {
        List<Slot> locked = new ArrayList<>();
        try {
            for (SeatId seat : new TreeSet<>(wanted)) {
                Slot slot = seats.get(seat);
                if (slot != null) {
                    slot.lock.lock();
                    locked.add(slot);
                }
            }
            return operation.get();
        } finally {
            locked.forEach(slot -> slot.lock.unlock());
        }
    }

    /**
     * Runs {@code operation} on the seats stored under {@code reference}, holding their locks and
     * those of {@code more}. The reference's seats are read before the locks are taken, so they are
     * read again under them: if they changed, the round starts over.
     */
    private <T> Outcome<T> withGroup(BookingReference reference, Collection<SeatId> more,
                                     Function<List<StoredSeat>, Outcome<T>> operation) {
        for (int round = 0; round < ROUNDS; round++) {
            Set<SeatId> seen = Set.copyOf(references.getOrDefault(reference, Set.of()));
            Set<SeatId> wanted = new TreeSet<>(seen);
            wanted.addAll(more);
            Optional<Outcome<T>> outcome = Optional.ofNullable(withLocks(wanted, () -> {
                if (!seen.equals(references.getOrDefault(reference, Set.of()))) {
                    return null; // the reference gained or lost a seat before the locks were ours
                }
                List<StoredSeat> members = new ArrayList<>();
                seen.forEach(seat -> stored(seat).ifPresent(members::add));
                return operation.apply(members);
            }));
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new IllegalStateException("the seats of " + reference + " kept changing");
    }

    /** The seat as stored, judged by the clock now. */
    private Optional<StoredSeat> stored(SeatId seat) {
        Slot slot = seats.get(seat);
        return slot == null ? Optional.empty() : Optional.of(StoredSeat.at(slot.state, clock.instant()));
    }

    /** Changes a seat and the reference index; call holding the seat's lock. */
    private void write(SeatId seat, SeatStatus status, UserId owner, BookingReference reference, Instant expiresAt) {
        Slot slot = seats.get(seat);
        SeatState before = slot.state;
        unindex(before);
        slot.state = status == SeatStatus.EMPTY
                ? SeatState.empty(seat, before.version() + 1)
                : new SeatState(seat, status, owner, reference, expiresAt, before.version() + 1);
        if (reference != null) {
            // compute, not computeIfAbsent(...).add: the set must not be dropped between the two
            references.compute(reference, (key, group) -> {
                Set<SeatId> seatsOfReference = group == null ? ConcurrentHashMap.newKeySet() : group;
                seatsOfReference.add(seat);
                return seatsOfReference;
            });
        }
    }

    private void free(SeatId seat) {
        write(seat, SeatStatus.EMPTY, null, null, null);
    }

    private void unindex(SeatState state) {
        if (state.reference() != null) {
            references.computeIfPresent(state.reference(), (key, group) -> {
                group.remove(state.seat());
                return group.isEmpty() ? null : group;
            });
        }
    }
}
