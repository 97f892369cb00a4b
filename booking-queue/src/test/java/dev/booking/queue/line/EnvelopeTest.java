package dev.booking.queue.line;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.spi.Envelope;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final Instant AT = Instant.parse("2026-12-01T19:30:00.123Z");

    private static Envelope envelope(ClaimRequest request) {
        Ticket ticket = Ticket.random();
        return new Envelope(ticket, request.withReference(SharedLine.referenceFor(ticket)), AT);
    }

    @Test
    void aBookingRoundTrips() {
        Envelope envelope = envelope(ClaimRequest.book(SHOW, UserId.of("ann"), "A1"));
        assertThat(Envelope.decode(envelope.encode())).isEqualTo(envelope);
    }

    @Test
    void aHeldGroupRoundTrips() {
        Envelope envelope = envelope(ClaimRequest.hold(SHOW, UserId.of("bob"), Duration.ofMinutes(25), "B3", "B1", "B2"));
        Envelope decoded = Envelope.decode(envelope.encode());
        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.request().holdFor()).isEqualTo(Duration.ofMinutes(25));
        assertThat(decoded.request().seatNumbers()).containsExactly("B1", "B2", "B3");
    }

    @Test
    void theLargestRequestRoundTrips() {
        String[] seats = new String[ClaimRequest.MAX_SEATS];
        Arrays.setAll(seats, i -> "S" + i);
        Envelope envelope = envelope(ClaimRequest.book(SHOW, UserId.of("carl"), seats));
        assertThat(Envelope.decode(envelope.encode())).isEqualTo(envelope);
    }

    @Test
    void malformedBytesAreAnIllegalArgument() {
        byte[] good = envelope(ClaimRequest.book(SHOW, UserId.of("ann"), "A1")).encode();
        assertThatThrownBy(() -> Envelope.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> Envelope.decode(otherVersion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> Envelope.decode("not an envelope".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.decode(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
    }

    @Test
    void anEnvelopeHoldingAnInvalidRequestIsAnIllegalArgument() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(Ticket.random().id());
            out.writeUTF("hamlet");
            out.writeUTF("ann");
            out.writeUTF("ref-1");
            out.writeLong(-1);
            out.writeLong(AT.toEpochMilli());
            out.writeShort(2);
            out.writeUTF("A1");
            out.writeUTF("A1"); // a repeated seat: no valid request
        }
        assertThatThrownBy(() -> Envelope.decode(bytes.toByteArray())).isInstanceOf(IllegalArgumentException.class);
    }
}
