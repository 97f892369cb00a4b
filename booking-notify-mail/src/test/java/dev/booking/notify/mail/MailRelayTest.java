package dev.booking.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxState;
import dev.booking.notify.mail.Notices.Case;
import dev.booking.testsupport.ScriptedSmtpServer;
import dev.booking.testsupport.ScriptedSmtpServer.Step;
import dev.booking.testsupport.MutableClock;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail delivery under the outbox relay, one pass at a time on a clock moved by hand (issue 16,
 * rule 4): records wait while the server is down or answers 4xx and arrive once when it is back; a
 * 5xx answer, or attempts run out, make a record dead, visible in the store with its reason.
 */
class MailRelayTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T05:00:00Z"));
    private final InMemoryOutbox outbox = new InMemoryOutbox(clock);

    private OutboxRelay relay(int port, int maxAttempts) {
        MailDelivery mail = MailDelivery.builder(MailSessions.to(port), "tickets@theatre.example",
                user -> Optional.of(user.value() + "@customers.example")).build();
        return OutboxRelay.builder(outbox, mail).clock(clock).maxAttempts(maxAttempts)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).build();
    }

    private List<Notice> append(int count) {
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Notice notice = Case.BOOKED.notice("hamlet", "user" + i);
            assertThat(outbox.appendIfAbsent(notice)).isTrue();
            notices.add(notice);
        }
        return notices;
    }

    @Test
    void recordsWaitWhileTheServerIsDownAndArriveOnceWhenItIsBack() throws Exception {
        int port = freePort();
        OutboxRelay relay = relay(port, 10);
        List<Notice> notices = append(5);

        assertThat(relay.runOnce()).isZero();

        assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(5);
        assertThat(outbox.list(OutboxState.PENDING, 10)).extracting(OutboxRecord::lastError)
                .containsOnly("cannot connect to 127.0.0.1:" + port);

        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            clock.advance(Duration.ofMinutes(1)); // past the backoff
            assertThat(relay.runOnce()).isEqualTo(5);
            clock.advance(Duration.ofMinutes(1));
            assertThat(relay.runOnce()).isZero();

            assertThat(outbox.count(OutboxState.SENT)).isEqualTo(5);
            List<String> ids = new ArrayList<>();
            for (MimeMessage message : smtp.getReceivedMessages()) {
                ids.add(message.getMessageID());
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(
                    notices.stream().map(n -> "<" + n.id() + "@theatre.example>").toList());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void a550MakesTheRecordDeadAtOnceWithItsReason() throws IOException {
        try (ScriptedSmtpServer refuses = ScriptedSmtpServer.failing(Step.RCPT, "550 5.1.1 no such user")) {
            OutboxRelay relay = relay(refuses.port(), 10);
            Notice notice = append(1).get(0);

            assertThat(relay.runOnce()).isZero();

            OutboxRecord record = outbox.find(notice.id()).orElseThrow();
            assertThat(record.state()).isEqualTo(OutboxState.DEAD);
            assertThat(record.attempts()).isEqualTo(1);
            assertThat(record.lastError()).isEqualTo("SMTP 550 at RCPT TO (5.1.1)");
            assertThat(relay.stats().dead()).isEqualTo(1);
        }
    }

    @Test
    void a451IsRetriedUntilTheAttemptsRunOut() throws IOException {
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.failing(Step.MAIL, "451 4.7.1 greylisted")) {
            OutboxRelay relay = relay(busy.port(), 3);
            Notice notice = append(1).get(0);

            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThat(relay.runOnce()).isZero();
                clock.advance(Duration.ofMinutes(1));
            }

            OutboxRecord record = outbox.find(notice.id()).orElseThrow();
            assertThat(record.state()).isEqualTo(OutboxState.DEAD);
            assertThat(record.attempts()).isEqualTo(3);
            assertThat(record.lastError()).contains("SMTP 451 at MAIL FROM (4.7.1)");
            assertThat(relay.stats().retried()).isEqualTo(2);
            assertThat(busy.messagesAccepted()).isZero();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
