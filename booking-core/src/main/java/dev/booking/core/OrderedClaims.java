package dev.booking.core;

import java.util.List;

/**
 * An optional capability of a {@link SeatRepository}: deciding a batch of claims, in order, in one
 * transaction. The shared line's workers hold a partition of requests in order, so a store that
 * can commit many decisions at once lets them decide faster than one commit per booking.
 *
 * <p>The answers are exactly those of calling {@link SeatRepository#claim} for each request in
 * list order with nothing interleaved: the first request for a free seat wins it, later ones for
 * that seat are {@link ClaimResult.Unavailable}, a request repeated under its reference answers its
 * own claim. The effects are committed together: when this method returns, every answer's effect
 * is durable; when it throws, none is.
 *
 * <p>Thread-safety: as {@link SeatRepository}; concurrent batches and single calls may touch the
 * same seats, and each seat still goes to one user.
 */
public interface OrderedClaims {

    /** The most requests one batch may carry. */
    int MAX_BATCH = 1_000;

    /**
     * Decides {@code requests} in order, in one transaction.
     *
     * @param requests 1 to {@value #MAX_BATCH} requests, none null; references may repeat
     * @return one answer per request, in the same order
     * @throws IllegalArgumentException naming {@code requests} if the list is missing, empty, too
     *                                  long or holds null; nothing is written
     * @throws BookingException         if the store fails; nothing of the batch is written
     */
    List<ClaimResult> claimInOrder(List<ClaimRequest> requests);
}
