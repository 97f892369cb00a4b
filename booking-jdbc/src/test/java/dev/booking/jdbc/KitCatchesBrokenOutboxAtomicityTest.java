package dev.booking.jdbc;

import dev.booking.core.BookingEvent;
import dev.booking.core.ShowId;
import dev.booking.core.outbox.Notice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The atomicity checker of {@link JdbcOutboxSuite} catches the design the outbox replaces: a
 * repository without an outbox whose listener appends each notice after the commit, so that a
 * notice that fails to be written leaves its change committed and untold.
 */
class KitCatchesBrokenOutboxAtomicityTest {

    @Test
    void noticesWrittenAfterTheCommitFailTheAtomicityChecker() {
        try (OutboxTables tables = new OutboxTables(TestDatabase.H2)) {
            AtomicReference<JdbcOutbox> outbox = new AtomicReference<>(tables.outbox());
            JdbcSeatRepository afterCommit = JdbcSeatRepository.builder(tables.pool()).table(tables.seatTable())
                    .dialect(tables.dialect())
                    .listener((BookingEvent event) -> outbox.get().appendIfAbsent(Notice.of(event, Instant.now())))
                    .build();
            ShowId show = ShowId.of("broken-atomicity");
            afterCommit.addSeats(show, List.of("A1", "A2"));
            assertThatThrownBy(() -> JdbcOutboxSuite.aFailedNoticeInsertRollsTheChangeBack(tables, afterCommit, show))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no change without its notice");
        }
    }
}
