package dev.booking.notify.mail;

import jakarta.mail.Session;

import java.util.Properties;

/** Jakarta Mail sessions for the tests: loopback, plain SMTP, short timeouts so a silent server fails fast. */
final class MailSessions {

    static Session to(int port) {
        return to(port, 5_000);
    }

    static Session to(int port, int timeoutMillis) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.connectiontimeout", Integer.toString(timeoutMillis));
        properties.setProperty("mail.smtp.timeout", Integer.toString(timeoutMillis));
        properties.setProperty("mail.smtp.writetimeout", Integer.toString(timeoutMillis));
        return Session.getInstance(properties);
    }

    private MailSessions() {
    }
}
