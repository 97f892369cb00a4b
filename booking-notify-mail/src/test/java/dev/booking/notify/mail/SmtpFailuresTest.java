package dev.booking.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.notify.mail.Notices.Case;
import dev.booking.notify.mail.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed attempt comes to: the server down, silent, or answering 4xx or 5xx at each step. */
class SmtpFailuresTest {

    private static final String FROM = "tickets@theatre.example";

    private static MailDelivery deliveryTo(int port, int timeoutMillis) {
        return MailDelivery.builder(MailSessions.to(port, timeoutMillis), FROM,
                user -> Optional.of("ann@customers.example")).build();
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void a451IsRetriedLater(Step step) throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.failing(step, "451 4.3.0 ann@customers.example: try later")) {
            DeliveryResult result = deliveryTo(server.port(), 5_000).deliver(Case.BOOKED.notice("hamlet", "ann"));

            String verb = step == Step.MAIL ? "MAIL FROM" : step == Step.RCPT ? "RCPT TO" : "DATA";
            assertThat(result).isEqualTo(new DeliveryResult.RetryLater("SMTP 451 at " + verb + " (4.3.0)"));
            assertThat(server.messagesAccepted()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void a550IsRejected(Step step) throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.failing(step, "550 5.1.1 <ann@customers.example>: no such user")) {
            DeliveryResult result = deliveryTo(server.port(), 5_000).deliver(Case.BOOKED.notice("hamlet", "ann"));

            String verb = step == Step.MAIL ? "MAIL FROM" : step == Step.RCPT ? "RCPT TO" : "DATA";
            assertThat(result).isEqualTo(new DeliveryResult.Rejected("SMTP 550 at " + verb + " (5.1.1)"));
            // the reason is stored and logged: it names no address, though the server's answer did
            assertThat(((DeliveryResult.Rejected) result).reason()).doesNotContain("@");
            assertThat(server.messagesAccepted()).isZero();
        }
    }

    @Test
    void aReplyWithoutAnEnhancedStatusCodeIsClassifiedByItsCode() throws IOException {
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.failing(Step.RCPT, "452 too many recipients");
             ScriptedSmtpServer refuses = ScriptedSmtpServer.failing(Step.DATA, "554 transaction failed")) {
            Notice notice = Case.BOOKED.notice("hamlet", "ann");

            assertThat(deliveryTo(busy.port(), 5_000).deliver(notice))
                    .isEqualTo(new DeliveryResult.RetryLater("SMTP 452 at RCPT TO"));
            assertThat(deliveryTo(refuses.port(), 5_000).deliver(notice))
                    .isEqualTo(new DeliveryResult.Rejected("SMTP 554 at DATA"));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetriedLater() throws IOException {
        try (ScriptedSmtpServer silent = ScriptedSmtpServer.silent()) {
            DeliveryResult result = deliveryTo(silent.port(), 300).deliver(Case.BOOKED.notice("hamlet", "ann"));

            assertThat(result).isInstanceOf(DeliveryResult.RetryLater.class);
            assertThat(((DeliveryResult.RetryLater) result).reason()).isEqualTo("the SMTP server timed out");
        }
    }

    @Test
    void whileTheServerIsDownDeliveriesWaitAndWhenItIsBackTheyArrive() throws Exception {
        int port = freePort();
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        MailDelivery delivery = deliveryTo(port, 5_000);
        Notice notice = Case.HELD.notice("hamlet", "ann");
        GreenMail smtp = new GreenMail(setup);
        smtp.start();
        try {
            assertThat(delivery.deliver(Case.BOOKED.notice("hamlet", "ann"))).isEqualTo(DeliveryResult.DELIVERED);
        } finally {
            smtp.stop();
        }

        DeliveryResult whileDown = delivery.deliver(notice);

        assertThat(whileDown).isEqualTo(new DeliveryResult.RetryLater("cannot connect to 127.0.0.1:" + port));

        GreenMail again = new GreenMail(setup); // the same port: a relay's session does not change
        again.start();
        try {
            assertThat(delivery.deliver(notice)).isEqualTo(DeliveryResult.DELIVERED);
            assertThat(again.getReceivedMessages()).hasSize(1);
            assertThat(again.getReceivedMessages()[0].getMessageID()).isEqualTo("<" + notice.id() + "@theatre.example>");
        } finally {
            again.stop();
        }
    }

    @Test
    void theLogNamesTheNoticeButNeverTheAddress() throws IOException {
        String address = "ann.lee@customers.example";
        MailDelivery invalid = MailDelivery.builder(MailSessions.to(25), FROM, user -> Optional.of(address + ", x@y.example"))
                .build();
        Notice notice = Case.BOOKED.notice("hamlet", "ann");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple writes to whatever System.err is at the time of each line
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.failing(Step.RCPT, "451 4.2.1 <" + address + "> busy");
             ScriptedSmtpServer refuses = ScriptedSmtpServer.failing(Step.RCPT, "550 5.1.1 <" + address + "> unknown")) {
            for (int port : new int[]{busy.port(), refuses.port()}) {
                MailDelivery.builder(MailSessions.to(port, 5_000), FROM, user -> Optional.of(address)).build().deliver(notice);
            }
            invalid.deliver(notice);
        } finally {
            System.setErr(original);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("notice " + notice.id() + " (BOOKED) not delivered, to be tried again: SMTP 451 at RCPT TO",
                "notice " + notice.id() + " (BOOKED) refused for good: SMTP 550 at RCPT TO",
                "notice " + notice.id() + " (BOOKED) refused for good: invalid address for user");
        assertThat(log).doesNotContain("ann.lee", "customers.example");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
