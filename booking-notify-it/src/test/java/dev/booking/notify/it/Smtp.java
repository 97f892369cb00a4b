package dev.booking.notify.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.booking.core.UserId;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.notify.mail.MailDelivery;
import dev.booking.notify.mail.RecipientResolver;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A real SMTP server for the tests (GreenMail) on a loopback port of its own, which can be stopped
 * and started again on the same port, as a mail server that goes down and comes back; and the
 * {@link MailDelivery} an application would point at it.
 *
 * <p>Thread-safety: start, stop and read from the test's thread; the server itself takes any number
 * of connections.
 */
final class Smtp implements AutoCloseable {

    /** The sender of every message. */
    static final String FROM = "tickets@booking.test";
    /** Every user's address, as an application's resolver finds it: the user id at a test domain. */
    static final RecipientResolver RESOLVER = user -> Optional.of(addressOf(user));

    private static final String HOST = "127.0.0.1";

    private final int port;
    private GreenMail server;

    private Smtp(GreenMail server) {
        this.server = server;
        this.port = server.getSmtp().getPort();
    }

    /** Starts a server on a free loopback port. */
    static Smtp start() {
        GreenMail server = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        return new Smtp(server);
    }

    /** The address {@link #RESOLVER} gives {@code user}. */
    static String addressOf(UserId user) {
        return user.value() + "@example.test";
    }

    /** The port it listens on, the same after {@link #restart()}. */
    int port() {
        return port;
    }

    /** Stops the server: connections are refused until {@link #restart()}. What it received is forgotten. */
    void stop() {
        server.stop();
    }

    /** Starts a new server on the same port, empty. */
    void restart() {
        GreenMail again = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        again.start();
        server = again;
    }

    /** A mail session for this server, with short timeouts so that an outage is noticed in seconds. */
    Session session() {
        return session(port);
    }

    /** A mail session for an SMTP server on loopback {@code port}. */
    static Session session(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", HOST);
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.connectiontimeout", "2000");
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.writetimeout", "5000");
        return Session.getInstance(properties);
    }

    /** The delivery an application builds: email through this server, to {@link #RESOLVER}'s addresses. */
    NoticeDelivery delivery() {
        return delivery(port);
    }

    /** The delivery to an SMTP server on loopback {@code port}. */
    static NoticeDelivery delivery(int port) {
        return MailDelivery.builder(session(port), FROM, RESOLVER).build();
    }

    /**
     * Waits until at least {@code count} messages have arrived, or {@code timeout} has passed.
     *
     * @return whether they arrived
     */
    boolean await(int count, Duration timeout) {
        return server.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Every message received so far, in arrival order. */
    List<Received> received() {
        List<Received> all = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            all.add(Received.of(message));
        }
        return all;
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * One message as the SMTP server received it.
     *
     * @param messageId its {@code Message-ID} header, {@code <notice-id@domain>}
     * @param noticeId  the notice id it carries: the {@code Message-ID}'s local part
     * @param to        its one recipient
     * @param subject   its subject, decoded
     */
    record Received(String messageId, String noticeId, String to, String subject) {

        static Received of(MimeMessage message) {
            try {
                String messageId = message.getMessageID();
                if (messageId == null || !messageId.startsWith("<") || !messageId.contains("@")) {
                    throw new AssertionError("a message without a notice's Message-ID: " + messageId);
                }
                String noticeId = messageId.substring(1, messageId.indexOf('@'));
                jakarta.mail.Address[] to = message.getRecipients(Message.RecipientType.TO);
                if (to == null || to.length != 1) {
                    throw new AssertionError("message " + messageId + " is not to exactly one recipient");
                }
                return new Received(messageId, noticeId, ((InternetAddress) to[0]).getAddress(), message.getSubject());
            } catch (MessagingException e) {
                throw new IllegalStateException("could not read a received message", e);
            }
        }
    }
}
