package dev.booking.core.memory;

import dev.booking.core.BookingEvent;
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
import dev.booking.core.internal.Arguments;
import dev.booking.core.internal.Events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The whole contract in memory, for tests, prototypes and as the reference the compatibility kit
 * compares other repositories with. Every operation runs under one lock, which makes multi-seat
 * claims trivially all-or-nothing and caps throughput at one operation at a time. Holds expire by
 * the {@link Clock} given to the builder. Nothing survives the JVM.
 *
 * <p>Thread-safety: safe to share between any number of threads.
 */
public final class InMemorySeatRepository implements SeatRepository {

    private final Map<SeatId, SeatState> seats = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final Events events;

    /** A repository on the system clock, without a listener. */
    public InMemorySeatRepository() {
        this(builder());
    }

    private InMemorySeatRepository(Builder builder) {
        this.clock = builder.clock;
        this.events = new Events(builder.listener);
    }

    /** Starts configuring a repository. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BookingResult result;
        lock.lock();
        try {
            SeatState state = current(seat);
            if (state == null) {
                return new BookingResult.NoSuchSeat(seat);
            }
            if (!state.isEmpty()) {
                return user.equals(state.owner())
                        ? new BookingResult.AlreadyYours(seat, user, state.reference())
                        : new BookingResult.Taken(seat);
            }
            BookingReference reference = BookingReference.generate();
            seats.put(seat, new SeatState(seat, SeatStatus.BOOKED, user, reference, null, state.version() + 1));
            result = new BookingResult.Booked(seat, user, reference);
        } finally {
            lock.unlock();
        }
        events.publish(new BookingEvent(BookingEvent.Type.BOOKED, ((BookingResult.Booked) result).reference(), user,
                List.of(seat), null));
        return result;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        ClaimResult.Claimed claimed;
        lock.lock();
        try {
            List<SeatState> group = liveGroup(request.reference());
            if (!group.isEmpty()) {
                return sameClaim(group, request) ? claimedFrom(group) : new ClaimResult.ReferenceInUse(request.reference());
            }
            List<SeatId> missing = new ArrayList<>();
            List<SeatId> unavailable = new ArrayList<>();
            for (SeatId seat : request.seats()) {
                SeatState state = current(seat);
                if (state == null) {
                    missing.add(seat);
                } else if (!state.isEmpty()) {
                    unavailable.add(seat);
                }
            }
            if (!missing.isEmpty()) {
                return new ClaimResult.NoSuchSeats(missing);
            }
            if (!unavailable.isEmpty()) {
                return new ClaimResult.Unavailable(unavailable);
            }
            Instant expiresAt = request.holdDuration().map(clock.instant()::plus).orElse(null);
            for (SeatId seat : request.seats()) {
                seats.put(seat, new SeatState(seat, request.targetStatus(), request.user(), request.reference(),
                        expiresAt, seats.get(seat).version() + 1));
            }
            claimed = new ClaimResult.Claimed(request.reference(), request.user(), request.seats(),
                    request.targetStatus(), expiresAt);
        } finally {
            lock.unlock();
        }
        events.publish(new BookingEvent(request.isHold() ? BookingEvent.Type.HELD : BookingEvent.Type.BOOKED,
                claimed.reference(), claimed.owner(), claimed.seats(), claimed.holdExpiresAt()));
        return claimed;
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        List<SeatId> confirmed = new ArrayList<>();
        List<SeatState> group;
        lock.lock();
        try {
            group = liveGroup(reference);
            if (group.isEmpty() || hasLapsedMembers(reference)) {
                return new ConfirmResult.Lapsed(reference);
            }
            if (!group.stream().allMatch(state -> user.equals(state.owner()))) {
                return new ConfirmResult.NotYours(reference);
            }
            for (SeatState state : group) {
                if (state.status() == SeatStatus.HELD) {
                    seats.put(state.seat(), new SeatState(state.seat(), SeatStatus.BOOKED, user, reference, null,
                            state.version() + 1));
                    confirmed.add(state.seat());
                }
            }
            if (confirmed.isEmpty()) {
                return new ConfirmResult.Confirmed(reference, user, seatsOf(group));
            }
        } finally {
            lock.unlock();
        }
        events.publish(new BookingEvent(BookingEvent.Type.CONFIRMED, reference, user, confirmed, null));
        return new ConfirmResult.Confirmed(reference, user, seatsOf(group));
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        lock.lock();
        List<SeatState> group;
        try {
            group = liveGroup(reference);
            if (group.isEmpty()) {
                return new ReleaseResult.NothingToRelease();
            }
            if (!group.stream().allMatch(state -> user.equals(state.owner()))) {
                return new ReleaseResult.NotYours();
            }
            group.forEach(this::free);
        } finally {
            lock.unlock();
        }
        return released(reference, user, seatsOf(group));
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        SeatState state;
        lock.lock();
        try {
            state = current(seat);
            if (state == null || state.isEmpty()) {
                return new ReleaseResult.NothingToRelease();
            }
            if (!user.equals(state.owner())) {
                return new ReleaseResult.NotYours();
            }
            free(state);
        } finally {
            lock.unlock();
        }
        return released(state.reference(), user, List.of(seat));
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        List<SeatState> expired;
        lock.lock();
        try {
            Instant now = clock.instant();
            expired = seats.values().stream()
                    .filter(state -> state.status() == SeatStatus.HELD && !state.holdExpiresAt().isAfter(now))
                    .sorted(Comparator.comparing((SeatState state) -> state.seat().show().value())
                            .thenComparing(state -> state.seat().number()))
                    .limit(limit)
                    .toList();
            expired.forEach(this::free);
        } finally {
            lock.unlock();
        }
        for (SeatState state : expired) {
            events.publish(new BookingEvent(BookingEvent.Type.EXPIRED, state.reference(), state.owner(),
                    List.of(state.seat()), null));
        }
        return expired.size();
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> added = Arguments.seatsOf(show, numbers);
        lock.lock();
        try {
            for (SeatId seat : added) {
                seats.putIfAbsent(seat, SeatState.empty(seat));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        lock.lock();
        try {
            return Optional.ofNullable(current(seat));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        lock.lock();
        try {
            return seats.keySet().stream()
                    .filter(seat -> seat.show().equals(show))
                    .map(this::current)
                    .sorted(Comparator.comparing(state -> state.seat().number()))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** The seat as readers see it: an expired hold reads as empty. Call under the lock. */
    private SeatState current(SeatId seat) {
        SeatState stored = seats.get(seat);
        if (stored != null && isLapsed(stored)) {
            return SeatState.empty(seat, stored.version());
        }
        return stored;
    }

    private boolean isLapsed(SeatState stored) {
        return stored.status() == SeatStatus.HELD && !stored.holdExpiresAt().isAfter(clock.instant());
    }

    /** The seats held (not expired) or booked under {@code reference}, sorted. Call under the lock. */
    private List<SeatState> liveGroup(BookingReference reference) {
        return seats.values().stream()
                .filter(state -> reference.equals(state.reference()) && !isLapsed(state))
                .sorted(Comparator.comparing(state -> state.seat().number()))
                .toList();
    }

    private boolean hasLapsedMembers(BookingReference reference) {
        return seats.values().stream().anyMatch(state -> reference.equals(state.reference()) && isLapsed(state));
    }

    private static boolean sameClaim(List<SeatState> group, ClaimRequest request) {
        return group.stream().allMatch(state -> request.user().equals(state.owner()))
                && seatsOf(group).equals(request.seats());
    }

    private static ClaimResult.Claimed claimedFrom(List<SeatState> group) {
        SeatState first = group.get(0);
        boolean held = group.stream().anyMatch(state -> state.status() == SeatStatus.HELD);
        Instant expiresAt = group.stream().map(SeatState::holdExpiresAt).filter(at -> at != null)
                .min(Comparator.naturalOrder()).orElse(null);
        return new ClaimResult.Claimed(first.reference(), first.owner(), seatsOf(group),
                held ? SeatStatus.HELD : SeatStatus.BOOKED, held ? expiresAt : null);
    }

    private static List<SeatId> seatsOf(List<SeatState> states) {
        return states.stream().map(SeatState::seat).toList();
    }

    private void free(SeatState state) {
        seats.put(state.seat(), SeatState.empty(state.seat(), state.version() + 1));
    }

    private ReleaseResult released(BookingReference reference, UserId user, List<SeatId> released) {
        events.publish(new BookingEvent(BookingEvent.Type.RELEASED, reference, user, released, null));
        return new ReleaseResult.Released(reference, user, released);
    }

    /** Configures an {@link InMemorySeatRepository}. Not thread-safe. */
    public static final class Builder {

        private Clock clock = Clock.systemUTC();
        private BookingListener listener = BookingListener.NONE;

        private Builder() {
        }

        /** The clock that decides when holds expire; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Arguments.requirePresent("clock", clock);
            return this;
        }

        /** Told about every change after it is made; default none. */
        public Builder listener(BookingListener listener) {
            this.listener = Arguments.requirePresent("listener", listener);
            return this;
        }

        /** Builds the repository. */
        public InMemorySeatRepository build() {
            return new InMemorySeatRepository(this);
        }
    }
}
