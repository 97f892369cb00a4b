package dev.booking.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.waitingroom.WaitingRoom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BookingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class));

    private final ApplicationContextRunner withH2 = runner.withUserConfiguration(H2Config.class)
            .withPropertyValues("booking.jdbc.create-schema=true");

    @Configuration(proxyBeanMethods = false)
    static class H2Config {
        @Bean(destroyMethod = "close")
        DataSource dataSource() {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl("jdbc:h2:mem:starter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            pool.setMaximumPoolSize(4);
            return pool;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRepositoryConfig {
        @Bean
        SeatRepository mySeats() {
            return new InMemorySeatRepository();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserLineConfig {
        @Bean(destroyMethod = "close")
        LineTransport myTransport() {
            return InMemoryLine.builder().build();
        }

        @Bean
        SharedLine myLine(LineTransport myTransport) {
            return SharedLine.builder(myTransport).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingDeliveryConfig {
        final List<Notice> delivered = new CopyOnWriteArrayList<>();

        @Bean
        NoticeDelivery recordingDelivery() {
            return notice -> {
                delivered.add(notice);
                return DeliveryResult.DELIVERED;
            };
        }
    }

    @Test
    void aDataSourceGivesTheJdbcRepositoryWithTheDialectDetected() {
        withH2.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SeatRepository.class);
            SeatRepository seats = context.getBean(SeatRepository.class);
            assertThat(seats).isInstanceOf(JdbcSeatRepository.class);
            assertThat(((JdbcSeatRepository) seats).dialect()).isEqualTo(Dialect.H2);
            assertThat(context).doesNotHaveBean(SharedLine.class).doesNotHaveBean(WaitingRoom.class)
                    .doesNotHaveBean(OutboxStore.class);
            ShowId show = ShowId.of("gala");
            seats.addSeats(show, List.of("A1"));
            assertThat(seats.tryBook(SeatId.of("gala", "A1"), UserId.of("ann")))
                    .isInstanceOf(BookingResult.Booked.class);
            assertThat(seats.tryBook(SeatId.of("gala", "A1"), UserId.of("bob")))
                    .isInstanceOf(BookingResult.Taken.class);
        });
    }

    @Test
    void theJdbcTableIsConfigurable() {
        withH2.withPropertyValues("booking.jdbc.table=my_seats", "booking.jdbc.dialect=h2").run(context ->
                assertThat(((JdbcSeatRepository) context.getBean(SeatRepository.class)).table()).isEqualTo("my_seats"));
    }

    @Test
    void memoryOnlyOnRequest() {
        runner.withPropertyValues("booking.store=memory").run(context ->
                assertThat(context.getBean(SeatRepository.class)).isInstanceOf(InMemorySeatRepository.class));
    }

    @Test
    void noStoreFailsNamingTheProperty() {
        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .hasRootCauseInstanceOf(BookingConfigurationException.class)
                .rootCause().hasMessageContaining("booking.store")
                .hasMessageContaining("neither a DataSource bean nor a MongoClient bean"));
    }

    @Test
    void jdbcWithoutADataSourceFails() {
        runner.withPropertyValues("booking.store=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.store")
                .hasMessageContaining("no DataSource bean"));
    }

    @Test
    void mongoWithoutTheModuleOrClientFails() {
        runner.withPropertyValues("booking.store=mongo").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.store").hasMessageContaining("mongo"));
    }

    @Test
    void disabledMakesNothing() {
        withH2.withPropertyValues("booking.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(SeatRepository.class));
    }

    @Test
    void theRepositoryBacksOffForTheApplications() {
        withH2.withUserConfiguration(UserRepositoryConfig.class).run(context -> {
            assertThat(context).hasSingleBean(SeatRepository.class);
            assertThat(context.getBean(SeatRepository.class)).isInstanceOf(InMemorySeatRepository.class);
        });
    }

    @Test
    void theInMemoryLineDecidesThroughTheWorkersOnH2() {
        withH2.withPropertyValues("booking.line.transport=in-memory", "booking.line.partitions=2").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(LineTransport.class).hasSingleBean(SharedLine.class)
                    .hasSingleBean(LineWorkers.class);
            assertThat(context.getBean(LineTransport.class).partitions()).isEqualTo(2);
            SeatRepository seats = context.getBean(SeatRepository.class);
            seats.addSeats(ShowId.of("line-show"), List.of("B2"));
            SharedLine line = context.getBean(SharedLine.class);
            SubmitResult first = line.submit(ClaimRequest.book(ShowId.of("line-show"), UserId.of("ann"), "B2"));
            SubmitResult second = line.submit(ClaimRequest.book(ShowId.of("line-show"), UserId.of("bob"), "B2"));
            TicketStatus ann = awaitFinal(line, (SubmitResult.Accepted) first);
            TicketStatus bob = awaitFinal(line, (SubmitResult.Accepted) second);
            assertThat(ann).isInstanceOf(TicketStatus.Booked.class);
            assertThat(bob).isInstanceOf(TicketStatus.Refused.class);
            assertThat(seats.findSeat(SeatId.of("line-show", "B2")).orElseThrow().owner())
                    .isEqualTo(UserId.of("ann"));
        });
    }

    @Test
    void workersCanBeTurnedOff() {
        withH2.withPropertyValues("booking.line.transport=in-memory", "booking.line.workers.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(SharedLine.class).doesNotHaveBean(LineWorkers.class));
    }

    @Test
    void theLineBacksOffForTheApplications() {
        withH2.withUserConfiguration(UserLineConfig.class).withPropertyValues("booking.line.transport=in-memory")
                .run(context -> {
                    assertThat(context).hasSingleBean(SharedLine.class).hasSingleBean(LineTransport.class);
                    assertThat(context).hasBean("myLine").hasBean("myTransport");
                });
    }

    @Test
    void redisWithoutAUrlFailsNamingIt() {
        withH2.withPropertyValues("booking.line.transport=redis").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.line.redis.url"));
    }

    @Test
    void rabbitmqWithoutAUrlFailsNamingIt() {
        withH2.withPropertyValues("booking.line.transport=rabbitmq").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.line.rabbitmq.url"));
    }

    @Test
    void anInvalidValueFailsNamingTheProperty() {
        withH2.withPropertyValues("booking.line.partitions=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.line.partitions"));
    }

    @Test
    void theWaitingRoomOnRequestWithTheDirectRepositoryKept() {
        withH2.withPropertyValues("booking.waiting-room.enabled=true", "booking.waiting-room.workers=3").run(context -> {
            assertThat(context).hasSingleBean(WaitingRoom.class).hasSingleBean(SeatRepository.class);
            assertThat(context.getBean(WaitingRoom.class).settings().workers()).isEqualTo(3);
            assertThat(context.getBean(SeatRepository.class)).isInstanceOf(JdbcSeatRepository.class);
        });
    }

    @Test
    void theOutboxRelayWithoutADeliveryFails() {
        withH2.withPropertyValues("booking.outbox.enabled=true").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("booking.outbox.relay.enabled")
                .hasMessageContaining("nothing to deliver with"));
    }

    @Test
    void theOutboxWithoutItsRelay() {
        withH2.withPropertyValues("booking.outbox.enabled=true", "booking.outbox.relay.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OutboxStore.class).doesNotHaveBean(OutboxRelay.class);
            assertThat(context.getBean(OutboxStore.class)).isInstanceOf(JdbcOutbox.class);
        });
    }

    @Test
    void endToEndABookingThroughTheLineIsToldAsBooked() {
        withH2.withUserConfiguration(RecordingDeliveryConfig.class)
                .withPropertyValues("booking.line.transport=in-memory", "booking.outbox.enabled=true",
                        "booking.outbox.relay.poll-interval=20ms")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(OutboxRelay.class);
                    context.getBean(SeatRepository.class).addSeats(ShowId.of("e2e"), List.of("C3"));
                    SharedLine line = context.getBean(SharedLine.class);
                    SubmitResult submitted = line.submit(ClaimRequest.book(ShowId.of("e2e"), UserId.of("cai"), "C3"));
                    assertThat(awaitFinal(line, (SubmitResult.Accepted) submitted)).isInstanceOf(TicketStatus.Booked.class);
                    RecordingDeliveryConfig recorder = context.getBean(RecordingDeliveryConfig.class);
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (recorder.delivered.isEmpty() && System.nanoTime() < until) {
                        Thread.sleep(10);
                    }
                    assertThat(recorder.delivered).singleElement().satisfies(notice -> {
                        assertThat(notice.kind()).isEqualTo(Notice.Kind.BOOKED);
                        assertThat(notice.user()).isEqualTo(UserId.of("cai"));
                    });
                });
    }

    /** Polls the ticket until it is final; the line's workers decide it on their own threads. */
    static TicketStatus awaitFinal(SharedLine line, SubmitResult.Accepted accepted) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TicketStatus status = line.status(accepted.ticket());
        while (!status.isFinal() && System.nanoTime() < until) {
            Thread.sleep(5);
            status = line.status(accepted.ticket());
        }
        return status;
    }
}
