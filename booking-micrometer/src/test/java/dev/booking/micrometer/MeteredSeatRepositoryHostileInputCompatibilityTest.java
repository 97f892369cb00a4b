package dev.booking.micrometer;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.HostileInputContract;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The kit's hostile-input rule holds on a metered repository: invalid input is rejected as before. */
class MeteredSeatRepositoryHostileInputCompatibilityTest extends HostileInputContract {

    private final SeatRepository repository =
            MeteredSeatRepository.wrap(new InMemorySeatRepository(), new SimpleMeterRegistry(), Tags.empty());

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
