package dev.booking.micrometer;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.SeatLifecycleContract;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The kit's lifecycle rules (holds, confirms, releases, sweeps, events) hold on a metered repository.
 * Rules 25 and 26 need store faults and rule 27 an {@code OrderedClaims} store, which the metered
 * repository is not (see its documentation): the kit skips them, saying so.
 */
class MeteredSeatRepositoryLifecycleCompatibilityTest extends SeatLifecycleContract {

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MeteredSeatRepository.wrap(InMemorySeatRepository.builder().listener(listener).build(),
                new SimpleMeterRegistry(), Tags.of("store", "memory"));
    }
}
