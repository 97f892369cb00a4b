package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.UserId;
import dev.booking.core.spi.ClaimIdentity;
import dev.booking.core.spi.SeatRules;

import java.util.Optional;

/**
 * Deliberately wrong: binds references atomically, but forgets a binding once the claim's seats are
 * released, as a store does that deletes the reference's row together with the seats, so a released
 * reference can be taken for other seats and two claims end up under one name. Used only to show
 * that the kit catches it.
 */
final class ForgetsReleasedReferencesRepository extends OwnBindingsRepository {

    ForgetsReleasedReferencesRepository(BookingListener listener) {
        super(listener);
    }

    @Override
    public synchronized ClaimResult claim(ClaimRequest request) {
        Optional<ClaimResult> inUse = SeatRules.boundToAnotherClaim(request,
                Optional.ofNullable(bindings.get(request.reference())));
        if (inUse.isPresent()) {
            return inUse.get();
        }
        ClaimResult result = claimUnbound(request);
        if (result.isSuccess()) {
            bindings.putIfAbsent(request.reference(), ClaimIdentity.of(request));
        }
        return result;
    }

    @Override
    public synchronized ReleaseResult release(BookingReference reference, UserId user) {
        ReleaseResult result = super.release(reference, user);
        if (result instanceof ReleaseResult.Released) {
            bindings.remove(reference);
        }
        return result;
    }
}
