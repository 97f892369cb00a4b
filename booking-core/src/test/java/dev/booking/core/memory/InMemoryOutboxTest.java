package dev.booking.core.memory;

import dev.booking.core.BookingEvent;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What the outbox kit leaves to the implementation: arguments, the clock, and the listener beside the outbox. */
class InMemoryOutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryOutbox outbox = new InMemoryOutbox(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void theRepositoryWritesNoticesStampedByItsClockAndStillTellsItsListener() {
        List<BookingEvent> heard = new CopyOnWriteArrayList<>();
        InMemorySeatRepository repository = InMemorySeatRepository.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).listener(heard::add).outbox(outbox).build();
        ShowId show = ShowId.of("s");
        repository.addSeats(show, List.of("A1"));

        repository.tryBook(new SeatId(show, "A1"), UserId.of("ann"));
        repository.tryBook(new SeatId(show, "A1"), UserId.of("bob"));

        assertThat(heard).hasSize(1);
        List<OutboxRecord> records = outbox.list(OutboxState.PENDING, 10);
        assertThat(records).hasSize(1);
        Notice notice = records.get(0).notice();
        assertThat(notice.kind()).isEqualTo(Notice.Kind.BOOKED);
        assertThat(notice.reference()).isEqualTo(heard.get(0).reference());
        assertThat(notice.createdAt()).isEqualTo(NOW);
        assertThat(records.get(0).nextAttemptAt()).as("due at once, by the outbox's clock").isEqualTo(NOW);
    }

    @Test
    void badArgumentsAreRejectedNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryOutbox(null)).withMessageContaining("clock");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySeatRepository.builder().outbox(null))
                .withMessageContaining("outbox");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.appendIfAbsent(null)).withMessageContaining("notice");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.claimDue("r", 0, NOW, NOW)).withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.claimDue(null, 1, NOW, NOW)).withMessageContaining("relay");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.purge(OutboxState.PENDING, NOW, 1))
                .withMessageContaining("state");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.purge(OutboxState.SENT, NOW, 0))
                .withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.list(OutboxState.SENT, 0)).withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> outbox.markSent("x", "r", null)).withMessageContaining("at");
    }
}
