package dev.booking.spring.boot;

import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.micrometer.LineWorkerMetrics;
import dev.booking.micrometer.MeteredSeatRepository;
import dev.booking.micrometer.OutboxMetrics;
import dev.booking.micrometer.OutboxRelayMetrics;
import dev.booking.micrometer.SharedLineMetrics;
import dev.booking.micrometer.WaitingRoomMetrics;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.waitingroom.WaitingRoom;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer, when booking-micrometer is on the class path, {@code booking.metrics.enabled} is not
 * false and the application has a {@link MeterRegistry} bean: the starter's repository is wrapped
 * in {@link MeteredSeatRepository}, and one {@link MeterBinder} bean binds the waiting room's, the
 * line's, the workers', the outbox's and the relay's meters, those that exist (Spring Boot binds
 * every {@code MeterBinder} bean to its registries).
 *
 * <p>Thread-safety: a configuration class, used by Spring on one thread.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.booking.micrometer.MeteredSeatRepository"})
@ConditionalOnProperty(prefix = "booking.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
class BookingMetricsConfiguration {

    @Bean
    RepositoryDecorator bookingMeteredRepository(ObjectProvider<MeterRegistry> registry) {
        return repository -> {
            MeterRegistry found = registry.getIfUnique();
            return found == null ? repository : MeteredSeatRepository.wrap(repository, found, Tags.empty());
        };
    }

    /**
     * One binder for every component present, resolved when the registry binds it (after all beans
     * are defined, whatever the order their configurations were read in).
     */
    @Bean
    MeterBinder bookingMeterBinder(ObjectProvider<WaitingRoom> room, ObjectProvider<SharedLine> line,
                                   ObjectProvider<LineWorkers> workers, ObjectProvider<OutboxStore> outbox,
                                   ObjectProvider<OutboxRelay> relay) {
        return registry -> {
            room.ifUnique(it -> new WaitingRoomMetrics(it, Tags.empty()).bindTo(registry));
            line.ifUnique(it -> new SharedLineMetrics(it, Tags.empty()).bindTo(registry));
            workers.ifUnique(it -> new LineWorkerMetrics(it, Tags.empty()).bindTo(registry));
            outbox.ifUnique(it -> new OutboxMetrics(it, Tags.empty()).bindTo(registry));
            relay.ifUnique(it -> new OutboxRelayMetrics(it, Tags.empty()).bindTo(registry));
        };
    }
}
