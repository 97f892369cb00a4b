package dev.booking.notify.mail;

import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A received message taken apart for the assertions: headers, decoded subject, and its two parts. */
record Received(MimeMessage message, String subject, String text, String html, List<String> headerNames) {

    /** The headers a notice's message may have: those MailDelivery writes, and those the receiving server adds. */
    static final Set<String> EXPECTED_HEADERS = Set.of("return-path", "received", "date", "from", "to", "message-id",
            "subject", "mime-version", "content-type", MailDelivery.NOTICE_ID_HEADER.toLowerCase(Locale.ROOT));

    static Received of(MimeMessage message) throws MessagingException, IOException {
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            names.add(header.getName().toLowerCase(Locale.ROOT));
        }
        return new Received(message, message.getSubject(), (String) parts.getBodyPart(0).getContent(),
                (String) parts.getBodyPart(1).getContent(), names);
    }

    /** The only value of header {@code name}. */
    String header(String name) throws MessagingException {
        String[] values = message.getHeader(name);
        assertThat(values).as(name).hasSize(1);
        return values[0];
    }

    /**
     * The check of issue 16's rule 6 on one received message: no header but the expected ones, each
     * addressing header once, one recipient, a one-line subject, and in the HTML part no markup or
     * line separator from a value, each value escaped as {@code escapedValues} says.
     */
    void assertSafe(String recipient, List<String> escapedValues) throws MessagingException {
        assertThat(headerNames).as("header names").allMatch(EXPECTED_HEADERS::contains);
        for (Header header : Collections.list(message.getAllHeaders())) {
            // unfolded, a header is one line of printable ASCII (and the tabs folding left): anything else was encoded (RFC 2047) or injected
            assertThat(MimeUtility.unfold(header.getValue())).as(header.getName()).matches("[\\t\\x20-\\x7E]*");
        }
        for (String once : List.of("from", "to", "subject", "message-id", "date", "content-type")) {
            assertThat(headerNames.stream().filter(once::equals).count()).as(once + " headers").isEqualTo(1);
        }
        assertThat(message.getAllRecipients()).as("recipients").hasSize(1);
        assertThat(message.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(recipient);
        assertThat(subject).as("subject").doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029");
        assertThat(html).as("html").doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContain("\u2028", "\u2029", "\u0085", "<b>");
        for (String escaped : escapedValues) {
            assertThat(html).as("html").contains(escaped);
        }
    }
}
