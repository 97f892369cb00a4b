package dev.booking.notify.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.notify.mail.Notices.Case;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hostile-content check ({@link Received#assertSafe}) is shown to fail on broken mail: templates
 * that do not escape, or escape only some characters, and messages that carry a value raw in a
 * header or an injected header. A check that passed these would prove nothing.
 */
class KitCatchesBrokenMailTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String TO = "ann@customers.example";
    private static final List<String> ESCAPED = List.of(Notices.HOSTILE_SHOW_HTML, Notices.HOSTILE_SEAT_HTML,
            Notices.HOSTILE_REFERENCE_HTML, Notices.HOSTILE_USER_HTML);

    private Received deliveredWith(MailTemplates templates) throws Exception {
        Session session = MailSessions.to(SMTP.getSmtp().getPort());
        MailDelivery delivery = MailDelivery.builder(session, "tickets@theatre.example", user -> Optional.of(TO))
                .templates(templates).build();
        assertThat(delivery.deliver(Notices.hostile(Case.BOOKED))).isEqualTo(DeliveryResult.DELIVERED);
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        return Received.of(messages[0]);
    }

    /** Values as they are, in the text and in the HTML: what the standard templates must never do. */
    private static MailContent raw(Notice notice) {
        String values = notice.seats().get(0).show().value() + " " + notice.seats().get(0).number() + " "
                + notice.reference().value() + " " + notice.user().value();
        return new MailContent("Booked", values, "<p>" + values + "</p>");
    }

    @Test
    void theStandardTemplatesPassTheCheck() throws Exception {
        deliveredWith(MailTemplates.standard()).assertSafe(TO, ESCAPED);
    }

    @Test
    void templatesThatDoNotEscapeAreCaught() throws Exception {
        Received received = deliveredWith(KitCatchesBrokenMailTest::raw);

        assertThatThrownBy(() -> received.assertSafe(TO, ESCAPED)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("<script");
    }

    @Test
    void templatesThatEscapeMarkupButNotQuotesOrLineSeparatorsAreCaught() throws Exception {
        MailTemplates halfEscaped = notice -> {
            String show = notice.seats().get(0).show().value()
                    .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            return new MailContent("Booked", "text", "<p>" + show + "</p>");
        };
        Received received = deliveredWith(halfEscaped);

        assertThatThrownBy(() -> received.assertSafe(TO, List.of(Notices.HOSTILE_SHOW_HTML)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aValueRawInAHeaderIsCaught() throws Exception {
        MimeMessage message = message();
        message.setHeader("Subject", "Booked: " + Notices.HOSTILE_SHOW); // not encoded: goes out as raw UTF-8
        Received received = sent(message);

        assertThatThrownBy(() -> received.assertSafe(TO, List.of())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Subject");
    }

    @Test
    void anInjectedHeaderIsCaught() throws Exception {
        MimeMessage message = message();
        message.setHeader("Subject", "Booked: hamlet");
        message.addHeader("Bcc", "victim@example.org");
        message.addHeader("X-Injected", "1");
        Received received = sent(message);

        assertThatThrownBy(() -> received.assertSafe(TO, List.of())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("header names");
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(MailSessions.to(SMTP.getSmtp().getPort()));
        message.setFrom(new InternetAddress("tickets@theatre.example"));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(TO));
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("text", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<p>html</p>", "UTF-8", "html");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        return message;
    }

    private static Received sent(MimeMessage message) throws Exception {
        Transport.send(message, message.getRecipients(MimeMessage.RecipientType.TO));
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        return Received.of(messages[0]);
    }
}
