package dev.booking.spring.boot;

import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.notify.mail.MailDelivery;
import dev.booking.notify.mail.RecipientResolver;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.Properties;

/**
 * booking-notify-mail's delivery on a Jakarta Mail session made from {@code spring.mail.*} (host, port,
 * username, password, protocol, properties.*), read here so that spring-boot-mail is not needed; in a
 * class of its own so that the mail classes load only when mail is used.
 */
final class MailDeliveries {

    private MailDeliveries() {
    }

    static NoticeDelivery create(Environment environment, ListableBeanFactory beans, BookingProperties properties) {
        String[] resolvers = beans.getBeanNamesForType(RecipientResolver.class);
        if (resolvers.length != 1) {
            throw new BookingConfigurationException("booking.outbox.relay.enabled", "spring.mail.host is set but "
                    + "there is no single RecipientResolver bean to find the users' addresses",
                    "Define one RecipientResolver bean, or a NoticeDelivery bean of your own");
        }
        String from = properties.mail().from();
        if (from == null || from.isBlank()) {
            throw new BookingConfigurationException("booking.mail.from", "mail notices need a sender",
                    "Set booking.mail.from, e.g. booking.mail.from=tickets@example.com");
        }
        Binder binder = Binder.get(environment);
        String protocol = binder.bind("spring.mail.protocol", String.class).orElse("smtp");
        Properties session = new Properties();
        session.put("mail.transport.protocol", protocol);
        session.put("mail." + protocol + ".host", environment.getProperty("spring.mail.host"));
        binder.bind("spring.mail.port", Integer.class)
                .ifBound(port -> session.put("mail." + protocol + ".port", String.valueOf(port)));
        binder.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of())
                .forEach(session::put);
        String username = environment.getProperty("spring.mail.username");
        String password = environment.getProperty("spring.mail.password");
        Authenticator authenticator = null;
        if (username != null) {
            session.put("mail." + protocol + ".auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(username, password);
                }
            };
        }
        RecipientResolver recipients = beans.getBean(resolvers[0], RecipientResolver.class);
        return MailDelivery.builder(Session.getInstance(session, authenticator), from, recipients).build();
    }
}
