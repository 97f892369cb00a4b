package dev.booking.spring.boot;

import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.micrometer.BookingMeters;
import dev.booking.micrometer.MeteredSeatRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

class BookingMetricsAndHealthTest {

    private final ApplicationContextRunner withMetrics = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    BookingAutoConfiguration.class))
            .withUserConfiguration(BookingAutoConfigurationTest.H2Config.class)
            .withPropertyValues("booking.jdbc.create-schema=true");

    private final ApplicationContextRunner plain = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class));

    /** A store that cannot be reached: every read fails. */
    @Configuration(proxyBeanMethods = false)
    static class BrokenStoreConfig {
        @Bean
        SeatRepository brokenSeats() {
            SeatRepository working = new InMemorySeatRepository();
            return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                    new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> {
                        if (method.getName().equals("findSeat")) {
                            throw new IllegalStateException("store unreachable");
                        }
                        return method.invoke(working, args);
                    });
        }
    }

    @Test
    void withARegistryTheRepositoryIsMeteredAndTheComponentsBound() {
        withMetrics.withPropertyValues("booking.line.transport=in-memory", "booking.waiting-room.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SeatRepository seats = context.getBean(SeatRepository.class);
                    assertThat(seats).isInstanceOf(MeteredSeatRepository.class);
                    assertThat(((MeteredSeatRepository) seats).delegate()).isInstanceOf(JdbcSeatRepository.class);
                    seats.tryBook(SeatId.of("m", "1"), UserId.of("ann"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find(BookingMeters.OPERATIONS).timers()).isNotEmpty();
                    assertThat(registry.find(BookingMeters.WAITING_ROOM_WAITING).gauge()).isNotNull();
                    assertThat(registry.find(BookingMeters.LINE_SUBMITS).meters()).isNotEmpty();
                });
    }

    @Test
    void metricsOffLeavesTheRepositoryBare() {
        withMetrics.withPropertyValues("booking.metrics.enabled=false").run(context -> {
            assertThat(context.getBean(SeatRepository.class)).isInstanceOf(JdbcSeatRepository.class);
            assertThat(context.getBean(MeterRegistry.class).find(BookingMeters.OPERATIONS).meters()).isEmpty();
        });
    }

    @Test
    void healthIsUpWithTheStoreAndTheOutboxBacklog() {
        withMetrics.withPropertyValues("booking.outbox.enabled=true", "booking.outbox.relay.enabled=false",
                "booking.line.transport=in-memory").run(context -> {
            Health health = context.getBean("bookingHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "JdbcSeatRepository")
                    .containsEntry("outboxDead", 0L).containsEntry("lineDepth", 0L);
        });
    }

    @Test
    void healthIsDownWhenTheStoreFails() {
        plain.withUserConfiguration(BrokenStoreConfig.class).run(context -> {
            Health health = context.getBean("bookingHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().toString()).contains("store unreachable");
        });
    }

    @Test
    void healthBacksOffForTheApplications() {
        plain.withPropertyValues("booking.store=memory")
                .withBean("bookingHealthIndicator", HealthIndicator.class, () -> () -> Health.unknown().build())
                .run(context -> assertThat(context.getBean("bookingHealthIndicator", HealthIndicator.class)
                        .health().getStatus()).isEqualTo(Status.UNKNOWN));
    }
}
