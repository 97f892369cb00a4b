package dev.booking.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.TicketStatus;
import dev.booking.testsupport.TestDatabase;
import dev.booking.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on the real servers of {@code /work/test-env.sh}'s variables: each test skips loudly
 * without its URL and fails instead with {@code CI=true}. Tables and line names are unique per run.
 */
class BookingOnRealServersTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class));

    @Test
    void postgresqlIsDetectedAndBooksOnce() throws SQLException {
        booksOnceWithTheDialectDetected(TestDatabase.POSTGRESQL, Dialect.POSTGRESQL);
    }

    @Test
    void mariadbIsDetectedAndBooksOnce() throws SQLException {
        booksOnceWithTheDialectDetected(TestDatabase.MARIADB, Dialect.MARIADB);
    }

    @Test
    void theRedisLineDecidesThroughTheWorkersBean() {
        String url = url("BOOKING_TEST_REDIS_URL", "REDIS", "redis://127.0.0.1:6379");
        decidesThroughTheLine("booking.line.transport=redis", "booking.line.redis.url=" + url);
    }

    @Test
    void theRabbitMqLineDecidesThroughTheWorkersBean() {
        String url = url("BOOKING_TEST_RABBITMQ_URL", "RABBITMQ", "amqp://guest:guest@127.0.0.1:5672/%2F");
        decidesThroughTheLine("booking.line.transport=rabbitmq", "booking.line.rabbitmq.url=" + url);
    }

    private void booksOnceWithTheDialectDetected(TestDatabase database, Dialect expected) throws SQLException {
        String table = "starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariDataSource pool = database.pool(2);
        try {
            runner.withBean(DataSource.class, () -> pool)
                    .withPropertyValues("booking.jdbc.table=" + table, "booking.jdbc.create-schema=true")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        SeatRepository seats = context.getBean(SeatRepository.class);
                        assertThat(((JdbcSeatRepository) seats).dialect()).isEqualTo(expected);
                        seats.addSeats(ShowId.of("real"), List.of("A1"));
                        assertThat(seats.tryBook(SeatId.of("real", "A1"), UserId.of("ann")))
                                .isInstanceOf(BookingResult.Booked.class);
                        assertThat(seats.tryBook(SeatId.of("real", "A1"), UserId.of("bob")))
                                .isInstanceOf(BookingResult.Taken.class);
                    });
        } finally {
            // the context closed its DataSource bean: a pool of its own drops the run's tables
            try (HikariDataSource cleanup = database.pool(1); var connection = cleanup.getConnection();
                 var statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table + "_reference");
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private void decidesThroughTheLine(String... line) {
        String name = "starter-" + UUID.randomUUID().toString().substring(0, 12);
        runner.withPropertyValues("booking.store=memory", "booking.line.name=" + name, "booking.line.partitions=2")
                .withPropertyValues(line)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(LineWorkers.class);
                    context.getBean(SeatRepository.class).addSeats(ShowId.of("broker"), List.of("D4"));
                    SharedLine shared = context.getBean(SharedLine.class);
                    SubmitResult first = shared.submit(ClaimRequest.book(ShowId.of("broker"), UserId.of("ann"), "D4"));
                    TicketStatus ann = BookingAutoConfigurationTest.awaitFinal(shared, (SubmitResult.Accepted) first);
                    SubmitResult second = shared.submit(ClaimRequest.book(ShowId.of("broker"), UserId.of("bob"), "D4"));
                    TicketStatus bob = BookingAutoConfigurationTest.awaitFinal(shared, (SubmitResult.Accepted) second);
                    assertThat(ann).isInstanceOf(TicketStatus.Booked.class);
                    assertThat(bob).isInstanceOf(TicketStatus.Refused.class);
                });
        // the context is closed: the workers stopped before the transport closed, or close() would have thrown
    }

    private static String url(String variable, String backend, String example) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            throw TestServers.unavailable(backend, "set " + variable + " (e.g. " + example + ")", true);
        }
        return url;
    }
}
