package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.List;

/**
 * Deliberately wrong: claims a group seat by seat and, when a seat is unavailable, gives up without
 * undoing the seats it already took, as code does that loops over single-seat claims without a
 * transaction or compensation. Used only to show that the kit catches it.
 */
final class PartialGroupsRepository extends ForwardingSeatRepository {

    PartialGroupsRepository(BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        if (request.seats().size() == 1) {
            return delegate.claim(request);
        }
        for (SeatId seat : request.seats()) {
            ClaimRequest single = new ClaimRequest(request.show(), List.of(seat.number()), request.user(),
                    BookingReference.of(request.reference().value() + "#" + seat.number()), request.holdFor());
            ClaimResult result = delegate.claim(single);
            if (!(result instanceof ClaimResult.Claimed)) {
                return result; // the seats claimed before this one stay claimed
            }
        }
        return new ClaimResult.Claimed(request.reference(), request.user(), request.seats(), request.targetStatus(),
                delegate.findSeat(request.seats().get(0)).orElseThrow().holdExpiresAt());
    }
}
