package dev.booking.queue.line;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake store that decides batches in order, as {@link OrderedClaims} promises, by claiming each
 * request in turn under one lock; counts its batches, and can fail the next few before any is
 * decided.
 */
final class OrderedStore extends CountingSeatRepository implements OrderedClaims {

    private final SeatRepository store;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    OrderedStore(SeatRepository store) {
        super(store);
        this.store = store;
    }

    int batches() {
        return batches.get();
    }

    void failNextBatches(int count) {
        failures.set(count);
    }

    @Override
    public synchronized List<ClaimResult> claimInOrder(List<ClaimRequest> requests) {
        batches.incrementAndGet();
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw new IllegalArgumentException("requests must hold 1 to " + MAX_BATCH);
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new BookingException(BookingException.Failure.CONNECTION, "the batch's transaction failed");
        }
        List<ClaimResult> results = new ArrayList<>();
        for (ClaimRequest request : requests) {
            results.add(store.claim(request));
        }
        return results;
    }
}
