package dev.booking.jdbc;

import dev.booking.core.SeatId;
import dev.booking.jdbc.internal.OutboxRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox's seat encoding: any identifier round-trips, and a damaged text is refused, never misread. */
class OutboxRowsTest {

    @Test
    void seatsOfAnyCharactersRoundTrip() {
        List<SeatId> seats = List.of(SeatId.of("12:ab", "3:x"), SeatId.of("a,b", "\"quoted\""),
                SeatId.of("🎭", "🎟🎟"), SeatId.of("s".repeat(128), "n".repeat(128)), SeatId.of("[\"A\"]", ":"));
        String text = OutboxRows.encodeSeats(seats);
        assertThat(OutboxRows.decodeSeats(text)).containsExactlyElementsOf(seats);
        assertThat(OutboxRows.encodeSeats(List.of(SeatId.of("show", "A1")))).isEqualTo("4:show2:A1");
        assertThat(OutboxRows.decodeSeats("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4:show", "4:show9:A1", "x:show2:A1", ":show", "4show2:A1", "-1:a"})
    void aDamagedTextIsRefused(String text) {
        assertThatThrownBy(() -> OutboxRows.decodeSeats(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("seats");
    }
}
