package dev.booking.tck;

import dev.booking.core.BookingException;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The in-memory repository behind a {@link StoreFaults} hook: a write that is to fail is not made
 * and throws; a write whose reply is to be lost is made and then throws. Every call that changes
 * seats counts as one write. With {@link Handling#CORRECT} it shows that a working store passes
 * rules 25 and 26; the other handlings are the deliberately broken stores those rules must catch.
 */
final class FaultableSeatRepository extends ForwardingSeatRepository {

    /** How the store deals with the faults it meets. */
    enum Handling {
        /** Reports every fault as a {@link BookingException}. */
        CORRECT,
        /** Swallows a failed commit and answers as if the write had been made. */
        SWALLOWS_FAILED_COMMITS,
        /** Answers a failed commit as contention: {@code Taken}, {@code Unavailable}. */
        FAILURE_AS_TAKEN,
        /** Reports faults, but after each one loses the next write it acknowledges, as a failover would. */
        LOSES_AN_ACKNOWLEDGED_WRITE_AFTER_A_FAULT
    }

    private final CountdownFaults hook;
    private final Handling handling;
    private final AtomicBoolean loseNext = new AtomicBoolean();

    FaultableSeatRepository(CountdownFaults hook, Handling handling, BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
        this.hook = hook;
        this.handling = handling;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return write(() -> delegate.tryBook(seat, user), () -> switch (handling) {
            case SWALLOWS_FAILED_COMMITS -> new BookingResult.Booked(seat, user, BookingReference.generate());
            default -> new BookingResult.Taken(seat);
        }, result -> result instanceof BookingResult.Booked booked ? () -> delegate.release(booked.reference(), user) : null);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return write(() -> delegate.claim(request), () -> switch (handling) {
            case SWALLOWS_FAILED_COMMITS -> new ClaimResult.Claimed(request.reference(), request.user(), request.seats(),
                    request.targetStatus(), request.isHold() ? Instant.now().plus(request.holdFor()) : null);
            default -> new ClaimResult.Unavailable(request.seats());
        }, result -> result instanceof ClaimResult.Claimed ? () -> delegate.release(request.reference(), request.user()) : null);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        write(() -> {
            delegate.addSeats(show, numbers);
            return null;
        }, () -> null, result -> null);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return write(() -> delegate.confirm(reference, user), () -> new ConfirmResult.Lapsed(reference), result -> null);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return write(() -> delegate.release(reference, user), ReleaseResult.NothingToRelease::new, result -> null);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return write(() -> delegate.release(seat, user), ReleaseResult.NothingToRelease::new, result -> null);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return write(() -> delegate.sweepExpiredHolds(limit), () -> 0, result -> null);
    }

    /** What undoes a write that answered {@code result}, or null if there is nothing to undo. */
    private interface Undo<T> {
        Runnable of(T result);
    }

    private <T> T write(Supplier<T> write, Supplier<T> brokenAnswer, Undo<T> undo) {
        if (hook.shouldFailWrite()) {
            fault();
            if (handling == Handling.SWALLOWS_FAILED_COMMITS || handling == Handling.FAILURE_AS_TAKEN) {
                return brokenAnswer.get();
            }
            throw new BookingException(BookingException.Failure.CONNECTION, "injected: the commit failed");
        }
        T result = write.get();
        if (hook.shouldLoseAcknowledgement()) {
            fault();
            if (handling == Handling.FAILURE_AS_TAKEN) {
                return brokenAnswer.get();
            }
            throw new BookingException(BookingException.Failure.CONNECTION, "injected: the reply was lost");
        }
        Runnable lose = undo.of(result);
        if (lose != null && loseNext.compareAndSet(true, false)) {
            lose.run(); // acknowledged, and gone
        }
        return result;
    }

    private void fault() {
        if (handling == Handling.LOSES_AN_ACKNOWLEDGED_WRITE_AFTER_A_FAULT) {
            loseNext.set(true);
        }
    }
}
