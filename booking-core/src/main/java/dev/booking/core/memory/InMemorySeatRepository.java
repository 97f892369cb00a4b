package dev.booking.core.memory;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The whole contract in memory, for tests, prototypes and as the reference the compatibility kit
 * compares other repositories with. Every answer comes from {@link SeatRules}; every operation runs
 * under one lock, which makes multi-seat claims trivially all-or-nothing and caps throughput at one
 * operation at a time. Holds expire by the {@link Clock} given to the builder. Each reference stays
 * bound to the first claim that succeeded under it ({@link SeatRules#boundToAnotherClaim}), so the
 * bindings grow with the claims made. Nothing survives the JVM. {@link #claimInOrder} decides a
 * batch under one taking of the lock, so no other call sees part of it.
 *
 * <p>With an {@link InMemoryOutbox} ({@link Builder#outbox}), every change appends one notice per
 * event before the lock is released.
 *
 * <p>Thread-safety: safe to share between any number of threads. The listener is told after the
 * lock is released.
 */
public final class InMemorySeatRepository implements SeatRepository, OrderedClaims {

    private final Map<SeatId, SeatState> seats = new HashMap<>();
    /** What each reference is bound to, by the first claim that succeeded under it; kept for good. */
    private final Map<BookingReference, ClaimIdentity> bindings = new HashMap<>();
    /** The seats stored under each reference, kept with every write: a claim, confirm or release by reference reads only its own. */
    private final Map<BookingReference, Set<SeatId>> byReference = new HashMap<>();
    /** Each show's seats in seat order, so that listing a show reads only that show. */
    private final Map<ShowId, NavigableSet<SeatId>> byShow = new HashMap<>();
    /** The seats held now, lapsed or not, so that a sweep reads only those. */
    private final Set<SeatId> held = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final EventPublisher events;
    /** Where each change's notices go, under the lock; {@code null} for none. */
    private final InMemoryOutbox outbox;

    /** A repository on the system clock, without a listener. */
    public InMemorySeatRepository() {
        this(builder());
    }

    private InMemorySeatRepository(Builder builder) {
        this.clock = builder.clock;
        this.events = new EventPublisher(builder.listener);
        this.outbox = builder.outbox;
    }

    /** Starts configuring a repository: the system UTC clock, no listener. */
    public static Builder builder() {
        return new Builder(Clock.systemUTC(), BookingListener.NONE, null);
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return events.deliver(locked(() -> {
            Optional<StoredSeat> before = stored(seat);
            Optional<BookingResult> lost = SeatRules.lostBooking(seat, user, before);
            if (lost.isPresent()) {
                return Outcome.unchanged(lost.get());
            }
            BookingReference reference = BookingReference.generate();
            write(new SeatState(seat, SeatStatus.BOOKED, user, reference, null, nextVersion(seat)));
            return Outcome.changed(new BookingResult.Booked(seat, user, reference),
                    SeatEvents.takeover(List.of(before.get()), SeatEvents.booked(seat, user, reference)));
        }));
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return events.deliver(locked(() -> claimLocked(request)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every request is decided as {@link #claim} decides it, one after the other under one taking
     * of the lock; the listener hears the batch's events in request order once the lock is released.
     */
    @Override
    public List<ClaimResult> claimInOrder(List<ClaimRequest> requests) {
        List<ClaimRequest> batch = Arguments.claimBatch(requests);
        return events.deliver(locked(() -> {
            List<ClaimResult> answers = new ArrayList<>(batch.size());
            List<BookingEvent> told = new ArrayList<>();
            for (ClaimRequest request : batch) {
                Outcome<ClaimResult> outcome = claimLocked(request);
                answers.add(outcome.result());
                told.addAll(outcome.events());
            }
            return new Outcome<>(List.copyOf(answers), told);
        }));
    }

    /** The claim, decided under the lock. */
    private Outcome<ClaimResult> claimLocked(ClaimRequest request) {
        Optional<ClaimResult> replay = SeatRules.replay(request, members(request.reference()));
        if (replay.isPresent()) {
            return Outcome.unchanged(replay.get());
        }
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
        Instant expiresAt = request.holdDuration().map(clock.instant()::plus).orElse(null);
        bindings.putIfAbsent(request.reference(), ClaimIdentity.of(request));
        for (SeatId seat : request.seats()) {
            write(new SeatState(seat, request.targetStatus(), request.user(), request.reference(), expiresAt,
                    nextVersion(seat)));
        }
        ClaimResult.Claimed claimed = new ClaimResult.Claimed(request.reference(), request.user(), request.seats(),
                request.targetStatus(), expiresAt);
        return Outcome.changed(claimed, SeatEvents.takeover(found.values(), SeatEvents.claimed(claimed)));
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return events.deliver(locked(() -> {
            List<StoredSeat> members = members(reference);
            Optional<ConfirmResult> unchanged = SeatRules.confirmWithoutChange(reference, user, members);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            List<SeatId> booked = new ArrayList<>();
            for (StoredSeat hold : SeatRules.holdsToConfirm(members)) {
                write(new SeatState(hold.seat(), SeatStatus.BOOKED, user, reference, null, nextVersion(hold.seat())));
                booked.add(hold.seat());
            }
            return Outcome.changed(SeatRules.confirmed(reference, user, members),
                    SeatEvents.confirmed(reference, user, booked));
        }));
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return events.deliver(locked(() -> {
            List<StoredSeat> members = members(reference);
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

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return events.deliver(locked(() -> {
            Optional<StoredSeat> current = stored(seat);
            Optional<ReleaseResult> unchanged = SeatRules.releaseSeatWithoutChange(user, current);
            if (unchanged.isPresent()) {
                return Outcome.unchanged(unchanged.get());
            }
            BookingReference reference = current.get().reference();
            free(seat);
            return Outcome.changed(new ReleaseResult.Released(reference, user, List.of(seat)),
                    SeatEvents.released(reference, user, List.of(seat)));
        }));
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        return events.deliver(locked(() -> {
            Instant now = clock.instant();
            List<StoredSeat> lapsed = SeatRules.sortedBySeat(held.stream()
                    .map(seat -> StoredSeat.at(seats.get(seat), now))
                    .filter(StoredSeat::lapsed)
                    .toList()).stream().limit(limit).toList();
            lapsed.forEach(hold -> free(hold.seat()));
            return new Outcome<>(lapsed.size(), lapsed.stream()
                    .map(hold -> SeatEvents.expired(hold.reference(), hold.owner(), hold.seat())).toList());
        }));
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> added = Arguments.seatsToAdd(show, numbers);
        locked(() -> {
            for (SeatId seat : added) {
                if (seats.putIfAbsent(seat, SeatState.empty(seat)) == null) {
                    byShow.computeIfAbsent(seat.show(), s -> new TreeSet<>()).add(seat);
                }
            }
            return Outcome.unchanged(added);
        });
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        return locked(() -> Outcome.unchanged(stored(seat).map(StoredSeat::asRead))).result();
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return locked(() -> Outcome.unchanged(byShow.getOrDefault(show, Collections.emptyNavigableSet()).stream()
                .map(seat -> stored(seat).orElseThrow().asRead())
                .toList())).result();
    }

    /**
     * Runs {@code operation} under the lock and, with an outbox, appends a notice per event of its
     * change before the lock is released, so the change and its notices are one step; the caller
     * tells the listener after the lock is released.
     */
    private <T> Outcome<T> locked(Supplier<Outcome<T>> operation) {
        lock.lock();
        try {
            Outcome<T> outcome = operation.get();
            if (outbox != null && outcome.isChange()) {
                Instant now = clock.instant();
                outbox.appendAll(outcome.events().stream().map(event -> Notice.of(event, now)).toList());
            }
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** The seat as stored, judged by the clock. Call under the lock. */
    private Optional<StoredSeat> stored(SeatId seat) {
        return Optional.ofNullable(seats.get(seat)).map(state -> StoredSeat.at(state, clock.instant()));
    }

    /** Every seat stored under {@code reference}, lapsed holds included. Call under the lock. */
    private List<StoredSeat> members(BookingReference reference) {
        Set<SeatId> members = byReference.get(reference);
        if (members == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return members.stream().map(seat -> StoredSeat.at(seats.get(seat), now)).toList();
    }

    private long nextVersion(SeatId seat) {
        return seats.get(seat).version() + 1;
    }

    private void write(SeatState state) {
        SeatState before = seats.put(state.seat(), state);
        if (before != null && before.reference() != null && !before.reference().equals(state.reference())) {
            Set<SeatId> members = byReference.get(before.reference());
            members.remove(state.seat());
            if (members.isEmpty()) {
                byReference.remove(before.reference());
            }
        }
        if (state.status() == SeatStatus.HELD) {
            held.add(state.seat());
        } else {
            held.remove(state.seat());
        }
        if (state.reference() != null) {
            byReference.computeIfAbsent(state.reference(), r -> new TreeSet<>()).add(state.seat());
        }
    }

    private void free(SeatId seat) {
        write(SeatState.empty(seat, nextVersion(seat)));
    }

    /**
     * The settings of an {@link InMemorySeatRepository}. Immutable: every setter returns a new
     * builder and leaves this one unchanged.
     *
     * <p>Thread-safety: immutable and safe to share.
     */
    public static final class Builder {

        private final Clock clock;
        private final BookingListener listener;
        private final InMemoryOutbox outbox;

        private Builder(Clock clock, BookingListener listener, InMemoryOutbox outbox) {
            this.clock = clock;
            this.listener = listener;
            this.outbox = outbox;
        }

        /**
         * The clock that decides when holds expire; default {@link Clock#systemUTC()}.
         *
         * @throws IllegalArgumentException naming {@code clock} if it is null
         */
        public Builder clock(Clock clock) {
            return new Builder(Arguments.requirePresent("clock", clock), listener, outbox);
        }

        /**
         * Told about every change after it is made; default none.
         *
         * @throws IllegalArgumentException naming {@code listener} if it is null
         */
        public Builder listener(BookingListener listener) {
            return new Builder(clock, Arguments.requirePresent("listener", listener), outbox);
        }

        /**
         * Where every change writes a {@link Notice} per event it causes, as one step with the change
         * (answers that change nothing write none); default none. The listener is told as before.
         *
         * @throws IllegalArgumentException naming {@code outbox} if it is null
         */
        public Builder outbox(InMemoryOutbox outbox) {
            return new Builder(clock, listener, Arguments.requirePresent("outbox", outbox));
        }

        /** Builds the repository. */
        public InMemorySeatRepository build() {
            return new InMemorySeatRepository(this);
        }
    }
}
