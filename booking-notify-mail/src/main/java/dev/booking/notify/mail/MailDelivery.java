package dev.booking.notify.mail;

import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.spi.Arguments;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivers each {@link Notice} as one email over SMTP, through the application's Jakarta Mail
 * {@link Session}: a {@code multipart/alternative} message (plain text, then HTML) to the address
 * the application's {@link RecipientResolver} gives for the notice's user.
 *
 * <p>Every message carries the notice's id twice: as its {@code Message-ID},
 * {@code <notice-id@domain>}, and in the header {@code X-Booking-Notice-Id}. A relay that repeats a
 * delivery (see {@link dev.booking.core.outbox.OutboxRelay}) sends the same ids, so a receiver, or a
 * mail system that deduplicates by {@code Message-ID}, can drop the repeat.
 *
 * <p>What an attempt comes to:
 * <ul>
 *   <li>{@link DeliveryResult.Delivered}: the server accepted the message;</li>
 *   <li>{@link DeliveryResult.RetryLater}: the server could not be reached or timed out, answered
 *       4xx (to {@code MAIL FROM}, {@code RCPT TO} or the data), refused the login, or the resolver
 *       or templates threw: the relay tries again later;</li>
 *   <li>{@link DeliveryResult.Rejected}: the server answered 5xx, the resolver has no address for the
 *       user, or its address is not one address (unparseable under RFC 822's strict rules, a group,
 *       holding a line break, or outside ASCII while the session does not set
 *       {@code mail.mime.allowutf8}; a personal name may be anything, it is encoded): the record goes
 *       dead at once.</li>
 * </ul>
 * Reasons name the SMTP reply code, the command and the enhanced status code, never the address or
 * the server's free text (which may quote the address): addresses are personal data. For the same
 * reason the log names the notice id and kind only: refusals at WARN, retries at INFO, deliveries at
 * DEBUG; the exception itself, whose message may hold the address, is logged at DEBUG only.
 *
 * <p>Each delivery opens its own connection ({@link Transport#send(Message)}), so deliveries from
 * several relay threads run side by side. Set the session's timeouts
 * ({@code mail.smtp.connectiontimeout}, {@code mail.smtp.timeout}, {@code mail.smtp.writetimeout}):
 * Jakarta Mail's default is to wait forever, and a server that stops answering would hold a relay
 * thread until its lease ends. {@link Builder#build()} logs a warning when they are missing.
 *
 * <pre>{@code
 * Properties smtp = new Properties();
 * smtp.setProperty("mail.smtp.host", "smtp.example.com");
 * smtp.setProperty("mail.smtp.port", "587");
 * smtp.setProperty("mail.smtp.starttls.enable", "true");
 * smtp.setProperty("mail.smtp.auth", "true");
 * smtp.setProperty("mail.smtp.connectiontimeout", "10000");
 * smtp.setProperty("mail.smtp.timeout", "30000");
 * smtp.setProperty("mail.smtp.writetimeout", "30000");
 * Session session = Session.getInstance(smtp, new Authenticator() {
 *     protected PasswordAuthentication getPasswordAuthentication() {
 *         return new PasswordAuthentication("tickets@example.com", password);
 *     }
 * });
 * NoticeDelivery mail = MailDelivery.builder(session, "Box Office <tickets@example.com>",
 *                 user -> accounts.emailOf(user.value()))   // the application's lookup: Optional<String>
 *         .zone(ZoneId.of("Europe/London"))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable and safe to share.
 */
public final class MailDelivery implements NoticeDelivery {

    /** The header that carries {@link Notice#id()} verbatim. */
    public static final String NOTICE_ID_HEADER = "X-Booking-Notice-Id";

    private static final Logger LOG = LoggerFactory.getLogger(MailDelivery.class);

    /** A host name of letters, digits and inner hyphens, labels joined by dots. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** An enhanced status code (RFC 3463) in a server's reply, e.g. {@code 5.1.1}. */
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final Session session;
    private final InternetAddress from;
    private final RecipientResolver recipients;
    private final MailTemplates templates;
    private final String messageIdDomain;
    private final boolean utf8Addresses;

    private MailDelivery(Session session, InternetAddress from, RecipientResolver recipients, MailTemplates templates,
                         String messageIdDomain) {
        this.session = session;
        this.from = from;
        this.recipients = recipients;
        this.templates = templates;
        this.messageIdDomain = messageIdDomain;
        this.utf8Addresses = Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8"));
    }

    /**
     * Starts configuring a delivery.
     *
     * @param session    the application's Jakarta Mail session: server, port, TLS, timeouts, and the
     *                   login through its {@link jakarta.mail.Authenticator} ({@code mail.smtp.auth=true})
     * @param from       the sender, e.g. {@code Box Office <tickets@example.com>}; its domain is the
     *                   default {@code Message-ID} domain
     * @param recipients finds each user's address
     * @return a builder
     * @throws IllegalArgumentException naming {@code session}, {@code from} or {@code recipients} if
     *                                  it is missing, or {@code from} if it is not one valid address
     */
    public static Builder builder(Session session, String from, RecipientResolver recipients) {
        Arguments.requirePresent("session", session);
        Arguments.requirePresent("from", from);
        Arguments.requirePresent("recipients", recipients);
        InternetAddress sender = parseAddress(from)
                .orElseThrow(() -> new IllegalArgumentException("from must be one valid email address"));
        return new Builder(session, sender, recipients, null, null, null, null);
    }

    /**
     * Sends {@code notice} to its user; never throws for a failure of the server, the resolver or
     * the templates, but tells it in the result.
     *
     * @throws IllegalArgumentException naming {@code notice} if it is null
     */
    @Override
    public DeliveryResult deliver(Notice notice) {
        Arguments.requirePresent("notice", notice);
        Optional<String> address;
        try {
            address = recipients.addressOf(notice.user());
        } catch (RuntimeException e) {
            LOG.debug("notice {}: the recipient resolver failed", notice.id(), e);
            return retryLater(notice, "the recipient resolver failed: " + e.getClass().getName());
        }
        if (address == null) {
            return retryLater(notice, "the recipient resolver returned null instead of an Optional");
        }
        if (address.isEmpty()) {
            return rejected(notice, "no address for user");
        }
        Optional<InternetAddress> to = parseAddress(address.get(), utf8Addresses);
        if (to.isEmpty()) {
            return rejected(notice, "invalid address for user");
        }
        MailContent content;
        try {
            content = templates.render(notice);
        } catch (RuntimeException e) {
            LOG.debug("notice {}: the templates failed", notice.id(), e);
            return retryLater(notice, "the templates failed: " + e.getClass().getName());
        }
        if (content == null) {
            return retryLater(notice, "the templates returned null");
        }
        try {
            Transport.send(message(notice, to.get(), content));
        } catch (MessagingException e) {
            LOG.debug("notice {}: sending failed", notice.id(), e);
            return classify(notice, e);
        }
        LOG.debug("notice {} ({}) delivered", notice.id(), notice.kind());
        return DeliveryResult.DELIVERED;
    }

    private MimeMessage message(Notice notice, InternetAddress to, MailContent content) throws MessagingException {
        MimeMessage message = new NoticeMessage(session, "<" + notice.id() + "@" + messageIdDomain + ">");
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        // one line by MailContent's construction; encoded (RFC 2047) by Jakarta Mail when not ASCII
        message.setSubject(content.subject(), UTF_8);
        message.setSentDate(new Date());
        message.setHeader(NOTICE_ID_HEADER, notice.id()); // [A-Za-z0-9._-] only: header-safe as it is
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text(), UTF_8);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html(), UTF_8, "html");
        MimeMultipart alternatives = new MimeMultipart("alternative"); // the reader shows the last it can: HTML
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        return message;
    }

    /** The sender's address: ASCII, whatever the session allows. */
    private static Optional<InternetAddress> parseAddress(String address) {
        return parseAddress(address, false);
    }

    /**
     * One address, strictly parsed, or empty: a line break of any kind is refused before parsing, so
     * that nothing the resolver returns can add a header or a second recipient; so is an address
     * (not a personal name) outside ASCII, unless {@code utf8} (the session's {@code mail.mime.allowutf8}).
     */
    private static Optional<InternetAddress> parseAddress(String address, boolean utf8) {
        for (int i = 0; i < address.length(); i++) {
            if (MailContent.breaksLine(address.charAt(i))) {
                return Optional.empty();
            }
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true); // exactly one address, RFC 822 syntax
            if (parsed.isGroup() || parsed.getAddress() == null || parsed.getAddress().indexOf('@') < 0) {
                return Optional.empty();
            }
            if (!utf8 && !StandardCharsets.US_ASCII.newEncoder().canEncode(parsed.getAddress())) {
                return Optional.empty(); // it would go out raw: only SMTPUTF8 (RFC 6531) may carry it
            }
            // the personal name again, now encoded (RFC 2047) if it is not ASCII: parsed, it would go out raw
            return Optional.of(new InternetAddress(parsed.getAddress(), parsed.getPersonal(), UTF_8));
        } catch (AddressException | UnsupportedEncodingException e) {
            return Optional.empty();
        }
    }

    /** A 5xx reply anywhere in the chain refuses; a 4xx reply, or none (down, timed out, login refused), retries. */
    private static DeliveryResult classify(Notice notice, MessagingException failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable timeout = null;
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) { // getCause is getNextException
            Reply reply = Reply.of(t);
            if (reply != null && reply.code() >= 500) {
                return rejected(notice, reply.describe());
            }
            if (reply != null && reply.code() >= 400) {
                return retryLater(notice, reply.describe());
            }
            if (t instanceof MailConnectException connect) {
                return retryLater(notice, "cannot connect to " + connect.getHost() + ":" + connect.getPort());
            }
            if (t instanceof AuthenticationFailedException) {
                return retryLater(notice, "the SMTP server refused the login");
            }
            if (t instanceof SocketTimeoutException && timeout == null) {
                timeout = t;
            }
        }
        if (timeout != null) {
            return retryLater(notice, "the SMTP server timed out");
        }
        return retryLater(notice, "sending failed: " + failure.getClass().getName()
                + (failure.getCause() == null ? "" : " caused by " + failure.getCause().getClass().getName()));
    }

    private static DeliveryResult retryLater(Notice notice, String reason) {
        LOG.info("notice {} ({}) not delivered, to be tried again: {}", notice.id(), notice.kind(), reason);
        return new DeliveryResult.RetryLater(reason);
    }

    private static DeliveryResult rejected(Notice notice, String reason) {
        LOG.warn("notice {} ({}) refused for good: {}", notice.id(), notice.kind(), reason);
        return new DeliveryResult.Rejected(reason);
    }

    /** An SMTP reply that failed a command: its code, the command's verb, its enhanced status code if any. */
    private record Reply(int code, String command, String status) {

        static Reply of(Throwable t) {
            if (t instanceof SMTPSendFailedException e) {
                return new Reply(e.getReturnCode(), e.getCommand(), e.getMessage());
            }
            if (t instanceof SMTPAddressFailedException e) {
                return new Reply(e.getReturnCode(), e.getCommand(), e.getMessage());
            }
            if (t instanceof SMTPSenderFailedException e) {
                return new Reply(e.getReturnCode(), e.getCommand(), e.getMessage());
            }
            return null;
        }

        /** Keeps the verb and the status code only: the command's argument and the server's text may quote the address. */
        Reply(int code, String command, String status) {
            this.code = code;
            this.command = verb(command);
            Matcher matcher = ENHANCED_STATUS.matcher(status == null ? "" : status);
            this.status = matcher.find() ? matcher.group(1) : null;
        }

        private static String verb(String command) {
            if (command == null) {
                return "DATA";
            }
            String upper = command.trim().toUpperCase(Locale.ROOT);
            if (upper.startsWith("MAIL")) {
                return "MAIL FROM";
            }
            if (upper.startsWith("RCPT")) {
                return "RCPT TO";
            }
            return "DATA"; // "DATA", or "." ending the data, or BDAT
        }

        String describe() {
            return "SMTP " + code + " at " + command + (status == null ? "" : " (" + status + ")");
        }
    }

    /** A message whose {@code Message-ID} is the notice's, not a random one. */
    private static final class NoticeMessage extends MimeMessage {
        private final String messageId;

        NoticeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * The settings of a {@link MailDelivery}. Immutable: each setter validates (an
     * {@link IllegalArgumentException} naming the setting) and returns a new builder.
     */
    public static final class Builder {
        private final Session session;
        private final InternetAddress from;
        private final RecipientResolver recipients;
        private final MailTemplates templates;
        private final String messageIdDomain;
        private final ZoneId zone;
        private final Locale locale;

        private Builder(Session session, InternetAddress from, RecipientResolver recipients, MailTemplates templates,
                        String messageIdDomain, ZoneId zone, Locale locale) {
            this.session = session;
            this.from = from;
            this.recipients = recipients;
            this.templates = templates;
            this.messageIdDomain = messageIdDomain;
            this.zone = zone;
            this.locale = locale;
        }

        /**
         * The templates; default {@link MailTemplates#standard(ZoneId, Locale)} with this builder's
         * {@linkplain #zone zone} and {@linkplain #locale locale}.
         *
         * @param templates the templates
         * @return a new builder
         */
        public Builder templates(MailTemplates templates) {
            Arguments.requirePresent("templates", templates);
            return new Builder(session, from, recipients, templates, messageIdDomain, zone, locale);
        }

        /**
         * The domain of every {@code Message-ID}, {@code <notice-id@domain>}; default the domain of
         * {@code from}. Keep it the same across restarts and instances: a repeated delivery must
         * carry the same id.
         *
         * @param messageIdDomain a host name: letters, digits and hyphens in dot-separated labels
         * @return a new builder
         */
        public Builder messageIdDomain(String messageIdDomain) {
            Arguments.requirePresent("messageIdDomain", messageIdDomain);
            if (!DOMAIN.matcher(messageIdDomain).matches()) {
                throw new IllegalArgumentException(
                        "messageIdDomain must be a host name of letters, digits, hyphens and dots");
            }
            return new Builder(session, from, recipients, templates, messageIdDomain, zone, locale);
        }

        /**
         * Where the standard templates tell dates (a hold's deadline); default UTC.
         *
         * @param zone the zone
         * @return a new builder
         */
        public Builder zone(ZoneId zone) {
            Arguments.requirePresent("zone", zone);
            return new Builder(session, from, recipients, templates, messageIdDomain, zone, locale);
        }

        /**
         * How the standard templates write dates; default {@link Locale#ENGLISH}. The words stay English.
         *
         * @param locale the locale
         * @return a new builder
         */
        public Builder locale(Locale locale) {
            Arguments.requirePresent("locale", locale);
            return new Builder(session, from, recipients, templates, messageIdDomain, zone, locale);
        }

        /**
         * Builds the delivery.
         *
         * @return the delivery
         * @throws IllegalArgumentException naming {@code zone} or {@code locale} if set together with
         *                                  {@code templates} (they shape the standard templates only:
         *                                  give them to yours), or {@code messageIdDomain} if it is
         *                                  unset and {@code from}'s domain is not a host name
         */
        public MailDelivery build() {
            if (templates != null && (zone != null || locale != null)) {
                throw new IllegalArgumentException((zone != null ? "zone" : "locale")
                        + " shapes the standard templates only, which templates(...) replaced: give it to your templates");
            }
            String domain = messageIdDomain;
            if (domain == null) {
                String address = from.getAddress();
                domain = address.substring(address.lastIndexOf('@') + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw new IllegalArgumentException(
                            "messageIdDomain must be set: the domain of from is not a host name");
                }
            }
            warnWithoutTimeouts(session);
            MailTemplates chosen = templates != null ? templates
                    : MailTemplates.standard(zone != null ? zone : ZoneId.of("UTC"),
                    locale != null ? locale : Locale.ENGLISH);
            return new MailDelivery(session, from, recipients, chosen, domain);
        }

        private static void warnWithoutTimeouts(Session session) {
            String protocol = session.getProperty("mail.transport.protocol");
            String prefix = "mail." + (protocol == null ? "smtp" : protocol) + ".";
            for (String timeout : new String[]{"connectiontimeout", "timeout", "writetimeout"}) {
                if (session.getProperty(prefix + timeout) == null) {
                    LOG.warn("the mail session sets no {}{}: a server that stops answering holds a relay thread "
                            + "until its lease ends (Jakarta Mail waits forever by default)", prefix, timeout);
                }
            }
        }
    }
}
