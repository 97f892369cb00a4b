package dev.booking.examples;

import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxState;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's notification samples do what it says: one notice per change, delivered by the relay. */
class NotificationsRunTest {

    @Test
    void theWinnerIsToldOnceThroughTheCallbackAndTheLoserNever() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:notifications-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Notifications.Outboxed outboxed = Notifications.outboxOn(h2);
        ShowId show = ShowId.of("hamlet-2026-12-01");
        outboxed.seats().addSeats(show, List.of("A1"));

        assertThat(outboxed.seats().tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(outboxed.seats().tryBook(show.seat("A1"), UserId.of("bob"))).isInstanceOf(BookingResult.Taken.class);

        List<String> sent = new CopyOnWriteArrayList<>();
        try (OutboxRelay relay = Notifications.callbackRelay(outboxed.outbox(), sent::add)) {
            assertThat(relay.runOnce()).isEqualTo(1);
        }
        assertThat(sent).singleElement().asString().endsWith(" BOOKED ann");
        assertThat(outboxed.outbox().count(OutboxState.SENT)).isEqualTo(1);
        assertThat(Notifications.deadLetters(outboxed.outbox())).isZero();
    }
}
