package dev.booking.micrometer;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.SeatRepositoryContract;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit's booking rules hold on a metered repository: measuring adds no behaviour. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeteredSeatRepositoryCompatibilityTest extends SeatRepositoryContract {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SeatRepository repository =
            MeteredSeatRepository.wrap(new InMemorySeatRepository(), registry, Tags.of("store", "memory"));

    @Override
    protected SeatRepository repository() {
        return repository;
    }

    @AfterAll
    void theRulesCallsWereMeasured() {
        assertThat(registry.find(BookingMeters.OPERATIONS).tag(BookingMeters.OUTCOME, BookingMeters.BOOKED).timers())
                .as("booked calls measured while the kit ran").isNotEmpty();
    }
}
