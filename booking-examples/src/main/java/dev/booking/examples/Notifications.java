package dev.booking.examples;

import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.notify.mail.MailDelivery;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.spi.LineTransport;
import jakarta.mail.Session;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/** The README's notifications: the outbox on a SQL store, the relay by email or callback, the line's notices. */
public final class Notifications {

    private Notifications() {
    }

    /** The application's own lookup of a user's address; a {@code UserId} is opaque to the library. */
    public interface Accounts {
        /** The address of the user {@code userId}, if the application knows one. */
        Optional<String> emailOf(String userId);
    }

    /** A repository whose every change writes its notice in the same transaction, and that outbox. */
    public record Outboxed(SeatRepository seats, JdbcOutbox outbox) {
    }

    /** Creates the seat and outbox tables on {@code dataSource} and builds the repository with its outbox. */
    public static Outboxed outboxOn(DataSource dataSource) {
        // sample:outbox-jdbc
        JdbcOutbox outbox = JdbcOutbox.builder(dataSource)   // table booking_outbox; dialect detected
                .build();
        outbox.createSchema();                                // opt-in, like the seat table's; or ship outbox.schemaSql()
        JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource)
                .outbox(outbox)                               // every change writes its notice in its own transaction
                .build();
        seats.createSchema();
        // end-sample:outbox-jdbc
        return new Outboxed(seats, outbox);
    }

    /** A relay mailing the outbox's notices through the SMTP server at {@code host}; the caller closes it. */
    public static OutboxRelay mailRelay(OutboxStore outbox, String host, int port, Accounts accounts) {
        // sample:outbox-mail
        Properties smtp = new Properties();
        smtp.setProperty("mail.smtp.host", host);
        smtp.setProperty("mail.smtp.port", Integer.toString(port));
        smtp.setProperty("mail.smtp.connectiontimeout", "10000");   // Jakarta Mail waits forever by default
        smtp.setProperty("mail.smtp.timeout", "30000");
        smtp.setProperty("mail.smtp.writetimeout", "30000");
        NoticeDelivery mail = MailDelivery.builder(Session.getInstance(smtp), "Box Office <tickets@example.com>",
                        user -> accounts.emailOf(user.value()))   // no address: the record goes DEAD
                .zone(ZoneId.of("Europe/London"))                  // "held until 19:30 (pay by then)"
                .build();
        OutboxRelay relay = OutboxRelay.builder(outbox, mail)
                .threads(2)                                        // run relays on as many instances as you like
                .maxAttempts(10)                                   // then DEAD, logged at WARN
                .backoff(Duration.ofSeconds(1), Duration.ofMinutes(10))
                .retention(Duration.ofDays(7))                     // SENT and DEAD rows purged after this
                .build()
                .start();
        // end-sample:outbox-mail
        return relay;
    }

    /** A relay handing every notice to the application's own sender (a webhook, a push service). */
    public static OutboxRelay callbackRelay(OutboxStore outbox, Consumer<String> webhook) {
        // sample:outbox-callback
        NoticeDelivery push = NoticeDelivery.callback(notice ->
                webhook.accept(notice.id() + " " + notice.kind() + " " + notice.user().value()));
        // returning delivers; throwing is retried later; the id lets the receiver drop a repeat
        OutboxRelay relay = OutboxRelay.builder(outbox, push).build();
        // end-sample:outbox-callback
        return relay;
    }

    /** The shared line's workers, telling every user their answer: booked by the repository, refused here. */
    public static LineWorkers lineWorkers(LineTransport transport, Outboxed outboxed) {
        // sample:outbox-line
        LineWorkers workers = LineWorkers.builder(transport, outboxed.seats())   // built with the outbox: "booked"
                .notices(outboxed.outbox())                                      // "sorry, taken" and "failed"
                .build();
        // end-sample:outbox-line
        return workers;
    }

    /** What an operator's page shows of the records given up on, and how one is sent again. */
    public static int deadLetters(OutboxStore outbox) {
        // sample:outbox-dead
        for (OutboxRecord dead : outbox.list(OutboxState.DEAD, 100)) {
            System.out.println(dead.id() + " " + dead.notice().kind() + " after " + dead.attempts()
                    + " attempts: " + dead.lastError());
        }
        long backlog = outbox.count(OutboxState.PENDING);   // for a health check or a gauge
        // after fixing the address or the server: outbox.requeue(id) makes a record due again
        // end-sample:outbox-dead
        return (int) backlog;
    }
}
