package dev.booking.tck.history;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records the operations of a race as they happen: each call's invocation time, its return time and
 * what it observed. A call that throws is classified by what is known of its effect:
 * <ul>
 *   <li>{@link IllegalArgumentException}, or a {@link BookingException} of kind
 *       {@code TRANSIENT_CONFLICT} (the database rolled it back) or {@code OVERLOADED} (it never
 *       reached the database): it certainly did not happen, and is counted but not recorded;</li>
 *   <li>any other failure (a lost connection, a timeout): its outcome is unknown, and it is recorded
 *       as {@link Operation.Observed#UNKNOWN} with no return time.</li>
 * </ul>
 * The recording methods rethrow what the repository threw.
 *
 * <p>Thread-safety: record from any number of threads at once.
 */
public final class History {

    private final ConcurrentLinkedQueue<Operation> operations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final LongAdder failed = new LongAdder();

    /** Calls {@code repository.tryBook(seat, user)} and records it. */
    public BookingResult book(SeatRepository repository, SeatId seat, UserId user) {
        long invoked = System.nanoTime();
        try {
            BookingResult result = repository.tryBook(seat, user);
            add(seat, Operation.Kind.BOOK, user, observed(result), null, invoked, System.nanoTime());
            return result;
        } catch (RuntimeException e) {
            failed(seat, Operation.Kind.BOOK, user, invoked, e);
            throw e;
        }
    }

    private static Operation.Observed observed(BookingResult result) {
        if (result instanceof BookingResult.Booked) {
            return Operation.Observed.BOOKED;
        }
        if (result instanceof BookingResult.AlreadyYours) {
            return Operation.Observed.ALREADY_YOURS;
        }
        return result instanceof BookingResult.Taken ? Operation.Observed.TAKEN : Operation.Observed.NO_SUCH_SEAT;
    }

    /** Calls {@code repository.release(seat, user)} and records it. */
    public ReleaseResult release(SeatRepository repository, SeatId seat, UserId user) {
        long invoked = System.nanoTime();
        try {
            ReleaseResult result = repository.release(seat, user);
            Operation.Observed observed = result instanceof ReleaseResult.Released ? Operation.Observed.RELEASED
                    : result instanceof ReleaseResult.NotYours ? Operation.Observed.NOT_YOURS
                    : Operation.Observed.NOTHING_TO_RELEASE;
            add(seat, Operation.Kind.RELEASE, user, observed, null, invoked, System.nanoTime());
            return result;
        } catch (RuntimeException e) {
            failed(seat, Operation.Kind.RELEASE, user, invoked, e);
            throw e;
        }
    }

    /** Calls {@code repository.findSeat(seat)} and records it as a read. */
    public Optional<SeatState> read(SeatRepository repository, SeatId seat) {
        long invoked = System.nanoTime();
        try {
            Optional<SeatState> state = repository.findSeat(seat);
            Operation.Observed observed = state.isEmpty() ? Operation.Observed.READ_ABSENT
                    : state.get().isEmpty() ? Operation.Observed.READ_EMPTY : Operation.Observed.READ_OWNED;
            add(seat, Operation.Kind.READ, null, observed, state.map(SeatState::owner).orElse(null),
                    invoked, System.nanoTime());
            return state;
        } catch (RuntimeException e) {
            failed(seat, Operation.Kind.READ, null, invoked, e);
            throw e;
        }
    }

    /**
     * Records an operation observed elsewhere (for instance a release, or a call made through an
     * API this class does not wrap).
     */
    public void record(SeatId seat, Operation.Kind kind, UserId user, Operation.Observed observed, UserId owner,
                       long invoked, long returned) {
        add(seat, kind, user, observed, owner, invoked, returned);
    }

    /** Everything recorded so far, in invocation order. */
    public List<Operation> operations() {
        List<Operation> list = new ArrayList<>(operations);
        list.sort(Comparator.comparingLong(Operation::invoked).thenComparingInt(Operation::id));
        return list;
    }

    /** Calls that certainly had no effect (rolled back or rejected), which are not in {@link #operations()}. */
    public long failedWithoutEffect() {
        return failed.sum();
    }

    /** Recorded operations whose outcome is unknown. */
    public long unknown() {
        return operations.stream().filter(Operation::isUnknown).count();
    }

    private void failed(SeatId seat, Operation.Kind kind, UserId user, long invoked, RuntimeException e) {
        if (certainlyWithoutEffect(e)) {
            failed.increment();
        } else if (kind != Operation.Kind.READ) { // a failed read changed nothing and observed nothing
            add(seat, kind, user, Operation.Observed.UNKNOWN, null, invoked, Long.MAX_VALUE);
        }
    }

    private static boolean certainlyWithoutEffect(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            return true;
        }
        return e instanceof BookingException b && (b.failure() == BookingException.Failure.TRANSIENT_CONFLICT
                || b.failure() == BookingException.Failure.OVERLOADED);
    }

    private void add(SeatId seat, Operation.Kind kind, UserId user, Operation.Observed observed, UserId owner,
                     long invoked, long returned) {
        operations.add(new Operation(ids.getAndIncrement(), seat, kind, user, observed, owner, invoked, returned));
    }
}
