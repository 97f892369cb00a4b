package dev.booking.micrometer;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeteredSeatRepositoryTest {

    private static final OutcomeChecks.Decorator METERED =
            (delegate, registry) -> MeteredSeatRepository.wrap(delegate, registry, OutcomeChecks.tags());

    @Test
    void everyVariantOfEveryResultIsCountedUnderItsOperationAndOutcome() {
        OutcomeChecks.everyOutcomeIsCountedUnderItsTags(METERED);
    }

    @Test
    void anExceptionIsCountedAsErrorOrInvalidAndRethrownUnchanged() {
        OutcomeChecks.exceptionsAreCountedAndRethrownUnchanged(METERED);
    }

    @Test
    void theDelegateIsGivenBackAndItsAnswersPassThroughAsTheyAre() {
        InMemorySeatRepository store = new InMemorySeatRepository();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeteredSeatRepository metered = MeteredSeatRepository.wrap(store, registry, Tags.empty());
        ShowId show = ShowId.of("hamlet");
        metered.addSeats(show, List.of("A1"));
        BookingResult booked = metered.tryBook(SeatId.of("hamlet", "A1"), UserId.of("ann"));

        assertThat(metered.delegate()).isSameAs(store);
        assertThat(booked).isInstanceOf(BookingResult.Booked.class);
        assertThat(store.findSeat(SeatId.of("hamlet", "A1"))).isEqualTo(metered.findSeat(SeatId.of("hamlet", "A1")));
        Timer timer = registry.get(BookingMeters.OPERATIONS).tags(BookingMeters.OPERATION, BookingMeters.TRY_BOOK).timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.getId().getTags()).extracting(t -> t.getKey())
                .containsExactlyInAnyOrder(BookingMeters.OPERATION, BookingMeters.OUTCOME, BookingMeters.EXCEPTION);
    }

    @Test
    void percentilesAreOffByDefaultAndTheFilterTurnsThemOn() {
        SimpleMeterRegistry plain = new SimpleMeterRegistry();
        SeatRepository metered = MeteredSeatRepository.wrap(new InMemorySeatRepository(), plain, Tags.empty());
        metered.findSeat(SeatId.of("hamlet", "A1"));
        assertThat(plain.get(BookingMeters.OPERATIONS).timer().takeSnapshot().percentileValues()).isEmpty();

        SimpleMeterRegistry withPercentiles = new SimpleMeterRegistry();
        withPercentiles.config().meterFilter(BookingMeters.latencyDistribution());
        SeatRepository distributed = MeteredSeatRepository.wrap(new InMemorySeatRepository(), withPercentiles, Tags.empty());
        distributed.findSeat(SeatId.of("hamlet", "A1"));
        ValueAtPercentile[] percentiles = withPercentiles.get(BookingMeters.OPERATIONS).timer().takeSnapshot().percentileValues();
        assertThat(percentiles).extracting(ValueAtPercentile::percentile).containsExactly(0.5, 0.95, 0.99);
        // the simple registry keeps no histogram buckets: ask the filter what it gives a registry that does
        Meter.Id timerId = withPercentiles.get(BookingMeters.OPERATIONS).timer().getId();
        assertThat(BookingMeters.latencyDistribution().configure(timerId, DistributionStatisticConfig.DEFAULT)
                .isPercentileHistogram()).isTrue();
        Meter.Id counterId = withPercentiles.get(BookingMeters.HOLDS_SWEPT).counter().getId();
        assertThat(BookingMeters.latencyDistribution().configure(counterId, DistributionStatisticConfig.NONE))
                .as("other meters are left alone").isSameAs(DistributionStatisticConfig.NONE);
    }

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemorySeatRepository store = new InMemorySeatRepository();
        assertThatThrownBy(() -> MeteredSeatRepository.wrap(null, registry, Tags.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delegate");
        assertThatThrownBy(() -> MeteredSeatRepository.wrap(store, null, Tags.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry");
        assertThatThrownBy(() -> MeteredSeatRepository.wrap(store, registry, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
        assertThat(registry.getMeters()).as("nothing registered by a rejected wrap").isEmpty();
    }
}
