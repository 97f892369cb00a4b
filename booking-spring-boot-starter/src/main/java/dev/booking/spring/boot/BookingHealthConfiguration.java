package dev.booking.spring.boot;

import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.SharedLine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The {@code bookingHealthIndicator}, when Spring Boot's health module is on the class path and
 * {@code management.health.booking.enabled} is not false: UP when the store answers a read of a
 * seat that does not exist, with the store, the line's depth and the outbox's backlog as details;
 * DOWN with the failure otherwise.
 *
 * <p>Thread-safety: a configuration class; the indicator holds only thread-safe beans.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnEnabledHealthIndicator("booking")
class BookingHealthConfiguration {

    /** Looked up by the health check: no show of this name is ever made by the library. */
    private static final SeatId SENTINEL = SeatId.of("booking-health-check", "0");

    @Bean
    @ConditionalOnMissingBean(name = "bookingHealthIndicator")
    HealthIndicator bookingHealthIndicator(SeatRepository seats, ObjectProvider<SharedLine> line,
                                           ObjectProvider<OutboxStore> outbox) {
        return () -> {
            Health.Builder health = Health.up().withDetail("store", storeName(seats));
            try {
                seats.findSeat(SENTINEL);
                SharedLine sharedLine = line.getIfUnique();
                if (sharedLine != null) {
                    List<LineBacklog> backlog = sharedLine.backlog();
                    if (!backlog.isEmpty()) {
                        health.withDetail("lineDepth", backlog.stream().mapToLong(LineBacklog::waiting).sum());
                    }
                }
                OutboxStore notices = outbox.getIfUnique();
                if (notices != null) {
                    health.withDetail("outboxPending", notices.count(OutboxState.PENDING))
                            .withDetail("outboxDead", notices.count(OutboxState.DEAD));
                }
                return health.build();
            } catch (RuntimeException e) {
                return Health.down(e).withDetail("store", storeName(seats)).build();
            }
        };
    }

    /** The store behind the repository, seen through the metrics' wrapper. */
    private static String storeName(SeatRepository seats) {
        SeatRepository inner = seats;
        if (MeteredRepositories.present() && MeteredRepositories.isMetered(inner)) {
            inner = MeteredRepositories.delegate(inner);
        }
        return inner.getClass().getSimpleName();
    }
}
