package dev.booking.spring.boot;

import dev.booking.core.SeatRepository;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.waitingroom.WaitingRoom;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The seat repository, and on request the waiting room, the shared line with its workers, and the
 * outbox with its relay, configured from {@link BookingProperties}. Every bean backs off when the
 * application defines its own of the same type. Runs after Spring Boot's DataSource and MongoDB
 * auto-configurations, whose beans choose the store.
 *
 * <p>The {@link SeatRepository} bean is always the direct repository, also with the waiting room on:
 * to send calls through the room, inject the {@link WaitingRoom} and use
 * {@link WaitingRoom#asRepository()}.
 *
 * <p>Thread-safety: a configuration class, used by Spring on one thread; the beans it makes are
 * thread-safe as their own classes document.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration"})
@ConditionalOnProperty(prefix = "booking", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BookingProperties.class)
public class BookingAutoConfiguration {

    /** Made by Spring. */
    public BookingAutoConfiguration() {
    }

    /**
     * The seat repository on the store {@code booking.store} chooses, written with the outbox when
     * there is one.
     *
     * @param properties the properties
     * @param beans      where the DataSource or MongoClient is found
     * @param outbox     the outbox, when {@code booking.outbox.enabled}
     * @return the direct repository
     */
    @Bean
    @ConditionalOnMissingBean(SeatRepository.class)
    public SeatRepository bookingSeatRepository(BookingProperties properties, ListableBeanFactory beans,
                                                ObjectProvider<OutboxStore> outbox) {
        OutboxStore notices = properties.outbox().enabled() ? outbox.getIfAvailable() : null;
        return switch (StoreKind.resolve(properties.store(), beans)) {
            case JDBC -> JdbcStores.repository(beans.getBean(DataSource.class), properties, notices);
            case MONGO -> MongoStores.repository(beans, properties, notices);
            case MEMORY -> {
                InMemorySeatRepository.Builder builder = InMemorySeatRepository.builder();
                if (notices != null) {
                    if (!(notices instanceof InMemoryOutbox memoryOutbox)) {
                        throw new BookingConfigurationException("booking.outbox.enabled", "the store is memory but "
                                + "the OutboxStore bean is a " + notices.getClass().getName(),
                                "Define an InMemoryOutbox, or none and let the starter make it");
                    }
                    builder = builder.outbox(memoryOutbox);
                }
                yield builder.build();
            }
        };
    }

    /**
     * The outbox on the repository's store ({@code JdbcOutbox}, {@code MongoOutbox} or
     * {@code InMemoryOutbox}), when {@code booking.outbox.enabled}.
     *
     * @param properties the properties
     * @param beans      where the DataSource or MongoClient is found
     * @return the outbox
     */
    @Bean
    @ConditionalOnMissingBean(OutboxStore.class)
    @ConditionalOnProperty(prefix = "booking.outbox", name = "enabled", havingValue = "true")
    public OutboxStore bookingOutbox(BookingProperties properties, ListableBeanFactory beans) {
        return switch (StoreKind.resolve(properties.store(), beans)) {
            case JDBC -> JdbcStores.outbox(beans.getBean(DataSource.class), properties);
            case MONGO -> MongoStores.outbox(beans, properties);
            case MEMORY -> new InMemoryOutbox();
        };
    }

    /** The waiting room, when {@code booking.waiting-room.enabled}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "booking.waiting-room", name = "enabled", havingValue = "true")
    static class WaitingRoomConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(WaitingRoom.class)
        WaitingRoom bookingWaitingRoom(SeatRepository seats, BookingProperties properties) {
            BookingProperties.WaitingRoom room = properties.waitingRoom();
            return WaitingRoom.builder(seats).capacity(room.capacity()).workers(room.workers())
                    .deadline(room.deadline()).rememberOwnersFor(room.rememberOwnersFor()).build();
        }
    }

    /** The shared line, when {@code booking.line.transport} is not {@code none}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnLineCondition.class)
    static class LineConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(LineTransport.class)
        LineTransport bookingLineTransport(BookingProperties properties) {
            return Lines.open(properties.line());
        }

        @Bean
        @ConditionalOnMissingBean(SharedLine.class)
        SharedLine bookingSharedLine(LineTransport transport) {
            return SharedLine.builder(transport).build();
        }
    }

    /**
     * The line's workers in this process, started when the context is refreshed and stopped before
     * the transport closes; unless {@code booking.line.workers.enabled=false} or the application
     * defines its own.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnLineCondition.class)
    @ConditionalOnProperty(prefix = "booking.line.workers", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    @ConditionalOnMissingBean(LineWorkers.class)
    static class LineWorkersConfiguration {

        @Bean(destroyMethod = "close")
        LineWorkers bookingLineWorkers(LineTransport transport, SeatRepository seats, BookingProperties properties,
                                       ObjectProvider<OutboxStore> outbox) {
            BookingProperties.Workers workers = properties.line().workers();
            LineWorkers.Builder builder = LineWorkers.builder(transport, seats).threads(workers.threads())
                    .batchSize(workers.batchSize()).pollWait(workers.pollWait()).maxAttempts(workers.maxAttempts());
            OutboxStore notices = properties.outbox().enabled() ? outbox.getIfAvailable() : null;
            if (notices != null) {
                builder = builder.notices(notices);
            }
            return builder.build();
        }

        @Bean
        RunningLifecycle bookingLineWorkersLifecycle(LineWorkers bookingLineWorkers) {
            return new RunningLifecycle(bookingLineWorkers::start, bookingLineWorkers::close);
        }
    }

    /**
     * The outbox's relay in this process, when the outbox is enabled and
     * {@code booking.outbox.relay.enabled} is not false; it delivers through the application's
     * {@link NoticeDelivery} bean (or the mail delivery made from {@code spring.mail.*}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "booking.outbox", name = "enabled", havingValue = "true")
    @ConditionalOnProperty(prefix = "booking.outbox.relay", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    @ConditionalOnMissingBean(OutboxRelay.class)
    static class OutboxRelayConfiguration {

        @Bean(destroyMethod = "close")
        OutboxRelay bookingOutboxRelay(OutboxStore outbox, ObjectProvider<NoticeDelivery> delivery,
                                       BookingProperties properties) {
            NoticeDelivery chosen = delivery.getIfUnique();
            if (chosen == null) {
                throw new BookingConfigurationException("booking.outbox.relay.enabled", "the outbox relay is enabled "
                        + "but there is nothing to deliver with",
                        "Define one NoticeDelivery bean, or add dev.booking:booking-notify-mail with spring.mail.host, "
                                + "booking.mail.from and a RecipientResolver bean, or set "
                                + "booking.outbox.relay.enabled=false and run the relay elsewhere");
            }
            BookingProperties.Relay relay = properties.outbox().relay();
            return OutboxRelay.builder(outbox, chosen).threads(relay.threads()).batchSize(relay.batchSize())
                    .pollInterval(relay.pollInterval()).maxAttempts(relay.maxAttempts()).build();
        }

        @Bean
        RunningLifecycle bookingOutboxRelayLifecycle(OutboxRelay bookingOutboxRelay) {
            return new RunningLifecycle(bookingOutboxRelay::start, bookingOutboxRelay::close);
        }
    }
}
