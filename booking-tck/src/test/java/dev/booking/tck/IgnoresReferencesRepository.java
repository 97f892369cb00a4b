package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.memory.InMemorySeatRepository;

/**
 * Deliberately wrong: gives every claim a fresh reference, so a retried request is not recognised
 * and the client that retries after a lost answer is told its own seats are unavailable. Used only
 * to show that the kit catches it.
 */
final class IgnoresReferencesRepository extends ForwardingSeatRepository {

    IgnoresReferencesRepository(BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return delegate.claim(request.withReference(BookingReference.generate()));
    }
}
