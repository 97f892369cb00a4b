package dev.booking.micrometer;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The decorator and the outbox gauges over the real SQL adapter, on an in-memory H2 database. */
class JdbcMetricsTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final Tags TAGS = Tags.of("store", "memory");

    @Test
    void callsOnAJdbcRepositoryAreTimedByOutcomeAndItsOutboxBacklogIsCounted() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:metrics-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcOutbox outbox = JdbcOutbox.builder(dataSource).build();
        outbox.createSchema();
        JdbcSeatRepository jdbc = JdbcSeatRepository.builder(dataSource).outbox(outbox).build();
        jdbc.createSchema();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SeatRepository seats = MeteredSeatRepository.wrap(jdbc, registry, TAGS);
        new OutboxMetrics(outbox, TAGS, Duration.ZERO).bindTo(registry);

        seats.addSeats(SHOW, List.of("A1", "A2"));
        assertThat(seats.tryBook(SeatId.of("hamlet", "A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(seats.tryBook(SeatId.of("hamlet", "A1"), UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);
        assertThat(seats.claim(ClaimRequest.book(SHOW, UserId.of("bob"), "A1", "A2"))).isInstanceOf(ClaimResult.Unavailable.class);

        assertThat(OutcomeChecks.recorded(registry)).containsOnly(
                Map.entry("add_seats/added/none", 1L),
                Map.entry("try_book/booked/none", 1L),
                Map.entry("try_book/taken/none", 1L),
                Map.entry("claim/unavailable/none", 1L));
        assertThat(registry.get(BookingMeters.OUTBOX_BACKLOG).tags(TAGS).tag(BookingMeters.STATE, "pending").gauge().value())
                .as("the booking's notice, written with it").isEqualTo(1.0);
        assertThat(registry.get(BookingMeters.OUTBOX_BACKLOG).tags(TAGS).tag(BookingMeters.STATE, "dead").gauge().value())
                .isZero();
    }
}
