package dev.booking.queue.line;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketTest {

    @Test
    void randomTicketsAre22UrlSafeCharactersOf128BitsAndDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            Ticket ticket = Ticket.random();
            assertThat(ticket.id()).hasSize(Ticket.LENGTH).matches("[A-Za-z0-9_-]{22}");
            assertThat(Base64.getUrlDecoder().decode(ticket.id())).hasSize(16);
            ids.add(ticket.id());
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void randomTicketsUseEveryBitPosition() {
        // 128 random bits: over many tickets, every bit position is sometimes 0 and sometimes 1
        byte[] ones = new byte[16];
        byte[] zeros = new byte[16];
        for (int i = 0; i < 2_000; i++) {
            byte[] bits = Base64.getUrlDecoder().decode(Ticket.random().id());
            for (int b = 0; b < 16; b++) {
                ones[b] |= bits[b];
                zeros[b] |= (byte) ~bits[b];
            }
        }
        for (int b = 0; b < 16; b++) {
            assertThat(ones[b]).as("byte %d has every bit set in some ticket", b).isEqualTo((byte) 0xff);
            assertThat(zeros[b]).as("byte %d has every bit clear in some ticket", b).isEqualTo((byte) 0xff);
        }
    }

    @Test
    void parseAnswersEmptyForAnythingThatIsNotATicketId() {
        assertThat(Ticket.parse(null)).isEmpty();
        assertThat(Ticket.parse("")).isEmpty();
        assertThat(Ticket.parse("short")).isEmpty();
        assertThat(Ticket.parse("a".repeat(23))).isEmpty();
        assertThat(Ticket.parse("a".repeat(21) + "/")).isEmpty();
        assertThat(Ticket.parse("a".repeat(21) + "=")).isEmpty();
        assertThat(Ticket.parse("../../etc/passwd")).isEmpty();
        Ticket ticket = Ticket.random();
        assertThat(Ticket.parse(ticket.id())).contains(ticket);
    }

    @Test
    void constructionRejectsMalformedIdsNamingTheField() {
        assertThatThrownBy(() -> new Ticket(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticket");
        assertThatThrownBy(() -> new Ticket("x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticket");
        assertThatThrownBy(() -> Ticket.fromBits(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits");
    }

    @Test
    void fromBitsIsDeterministic() {
        byte[] bits = new byte[20];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (byte) (i * 37);
        }
        assertThat(Ticket.fromBits(bits)).isEqualTo(Ticket.fromBits(bits.clone()));
        assertThat(Ticket.fromBits(bits).toString()).isEqualTo(Ticket.fromBits(bits).id());
    }
}
