package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.Optional;

/**
 * Deliberately wrong: releases a seat for whoever asks, by looking up its owner first. Used only to
 * show that the kit catches it.
 */
final class ReleasesForAnyoneRepository extends ForwardingSeatRepository {

    ReleasesForAnyoneRepository(BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Optional<SeatState> state = delegate.findSeat(seat);
        UserId owner = state.map(SeatState::owner).orElse(user);
        return delegate.release(seat, owner == null ? user : owner);
    }
}
