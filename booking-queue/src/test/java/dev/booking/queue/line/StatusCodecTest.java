package dev.booking.queue.line;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.spi.StatusCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusCodecTest {

    private static final ShowId SHOW = ShowId.of("hamlet");

    @Test
    void everyFinalStatusRoundTrips() {
        List<TicketStatus> statuses = List.of(
                new TicketStatus.Booked(new ClaimResult.Claimed(BookingReference.of("ticket-1"), UserId.of("ann"),
                        List.of(SHOW.seat("A2"), SHOW.seat("A1")), SeatStatus.BOOKED, null)),
                new TicketStatus.Booked(new ClaimResult.Claimed(BookingReference.of("ticket-2"), UserId.of("bob"),
                        List.of(SHOW.seat("B1")), SeatStatus.HELD, Instant.parse("2026-12-01T20:00:00.250Z"))),
                new TicketStatus.Refused(TicketStatus.Reason.TAKEN),
                new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT),
                new TicketStatus.Failed("reference in use"));
        for (TicketStatus status : statuses) {
            assertThat(StatusCodec.decode(StatusCodec.encode(status))).isEqualTo(status);
        }
    }

    @Test
    void aVeryLongExplanationIsCut() {
        TicketStatus decoded = StatusCodec.decode(StatusCodec.encode(new TicketStatus.Failed("x".repeat(5_000))));
        assertThat(((TicketStatus.Failed) decoded).why()).hasSize(1_000);
    }

    @Test
    void onlyFinalStatusesAreEncoded() {
        assertThatThrownBy(() -> StatusCodec.encode(new TicketStatus.Processing()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> StatusCodec.encode(new TicketStatus.Queued(3, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> StatusCodec.encode(new TicketStatus.Unknown()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> StatusCodec.encode(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }

    @Test
    void malformedBytesAreAnIllegalArgument() {
        byte[] good = StatusCodec.encode(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
        assertThatThrownBy(() -> StatusCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] otherVersion = good.clone();
        otherVersion[0] = 7;
        assertThatThrownBy(() -> StatusCodec.decode(otherVersion)).isInstanceOf(IllegalArgumentException.class);
        byte[] otherKind = good.clone();
        otherKind[1] = 'Z';
        assertThatThrownBy(() -> StatusCodec.decode(otherKind)).isInstanceOf(IllegalArgumentException.class);
        byte[] badReason = StatusCodec.encode(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
        badReason[badReason.length - 1] = 'X'; // TAKEX: no such reason
        assertThatThrownBy(() -> StatusCodec.decode(badReason)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
