package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.spi.ClaimIdentity;
import dev.booking.core.spi.SeatRules;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Deliberately wrong: looks the reference's binding up, claims, and only then binds the reference,
 * as code does that checks a references table and inserts into it in separate steps without a
 * constraint. Two claims of different seats under one new reference both find it unbound, and both
 * win. Used only to show that the kit catches it.
 */
final class CheckThenClaimRepository extends OwnBindingsRepository {

    /** How long the first claim under a new reference waits in the gap for a second one. */
    private static final long SECOND_CLAIM_WAIT_MILLIS = 2_000;

    private final ConcurrentMap<BookingReference, CountDownLatch> firstClaims = new ConcurrentHashMap<>();

    CheckThenClaimRepository(BookingListener listener) {
        super(listener);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        ClaimIdentity identity = ClaimIdentity.of(request);
        Optional<ClaimResult> inUse = SeatRules.boundToAnotherClaim(request,
                Optional.ofNullable(bindings.get(request.reference())));
        if (inUse.isPresent()) {
            return inUse.get();
        }
        waitForASecondClaim(request.reference());
        ClaimResult result = claimUnbound(request);
        if (result.isSuccess()) {
            bindings.putIfAbsent(request.reference(), identity);
        }
        return result;
    }

    /**
     * The gap between the check and the binding, widened until a second claim under the same
     * reference has checked too (or a few seconds passed), so that the race is lost on every run,
     * not only when the scheduler happens to interleave the two.
     */
    private void waitForASecondClaim(BookingReference reference) {
        CountDownLatch claims = firstClaims.computeIfAbsent(reference, key -> new CountDownLatch(2));
        claims.countDown();
        try {
            claims.await(SECOND_CLAIM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
