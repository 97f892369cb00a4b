package dev.booking.tck.waitingroom;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A correct store that takes a moment to answer: each call pauses for a random few microseconds
 * after it took effect, as a network round trip would. It changes no answer, only how long the
 * moment lasts between a change and its caller hearing of it, which is where a wrapper that answers
 * from memory can go wrong.
 *
 * <p>A test may also hold a release in flight: it takes effect at once but does not return to its
 * caller until the test lets it ({@link #holdReleaseReturns()}).
 */
final class PausingSeatRepository implements SeatRepository {

    private static final long HANG_GUARD_SECONDS = 60;

    private final SeatRepository store;
    private final Semaphore releasesApplied = new Semaphore(0);
    private volatile CountDownLatch heldReleaseReturns;

    PausingSeatRepository(SeatRepository store) {
        this.store = store;
    }

    private static <T> T paused(Supplier<T> call) {
        T result = call.get();
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
        return result;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return paused(() -> store.tryBook(seat, user));
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return paused(() -> store.claim(request));
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return paused(() -> store.confirm(reference, user));
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return afterRelease(paused(() -> store.release(reference, user)));
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return afterRelease(paused(() -> store.release(seat, user)));
    }

    /** From now on a release takes effect but does not return until {@link #letReleasesReturn()}. */
    void holdReleaseReturns() {
        heldReleaseReturns = new CountDownLatch(1);
    }

    void letReleasesReturn() {
        CountDownLatch held = heldReleaseReturns;
        heldReleaseReturns = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Waits until {@code count} more releases have taken effect (held or not). */
    void awaitReleasesApplied(int count) throws InterruptedException {
        if (!releasesApplied.tryAcquire(count, HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " releases took effect (hung?)");
        }
    }

    private ReleaseResult afterRelease(ReleaseResult result) {
        releasesApplied.release();
        CountDownLatch held = heldReleaseReturns;
        if (held != null) {
            try {
                if (!held.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("a held release was never let return (hung?)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return result;
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return paused(() -> store.sweepExpiredHolds(limit));
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        store.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return paused(() -> store.findSeat(seat));
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return paused(() -> store.listSeats(show));
    }
}
