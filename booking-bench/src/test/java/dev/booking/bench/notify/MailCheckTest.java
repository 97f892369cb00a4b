package dev.booking.bench.notify;

import dev.booking.core.BookingReference;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail check passes what a correct race delivers, and catches each way a broken outbox, relay or
 * sender could get it wrong: a message lost, repeated, of the wrong kind, for a loser, or to a
 * stranger's address.
 */
class MailCheckTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private final Map<String, Notice> outbox = new HashMap<>();

    @Test
    void aQueuedRaceWithOneMessagePerTicketPasses() throws Exception {
        List<MimeMessage> arrived = List.of(message(notice("ann", Notice.Kind.BOOKED)),
                message(notice("bob", Notice.Kind.REFUSED)), message(notice("warm-up-1", Notice.Kind.REFUSED)));

        MailCheck check = MailCheck.of(arrived, this::find, owed("ann", "booked", "bob", "sorry, taken"));

        assertThat(check.problems()).isEmpty();
        assertThat(check.ok()).isTrue();
        assertThat(check.kinds()).isEqualTo("1 booked, 1 sorry, taken");
        assertThat(check.racerMessages()).isEqualTo(2);
        assertThat(check.expected()).isEqualTo(2);
        assertThat(check.others()).as("the warm-up's message, not checked").isEqualTo(1);
    }

    @Test
    void aLostMessageIsCaught() throws Exception {
        MailCheck check = MailCheck.of(List.of(message(notice("ann", Notice.Kind.BOOKED))), this::find,
                owed("ann", "booked", "bob", "sorry, taken"));

        assertThat(check.ok()).isFalse();
        assertThat(check.problems()).contains("1 messages to racers instead of 2", "1 racers owed a message got none");
    }

    @Test
    void aMessageDeliveredTwiceIsCaught() throws Exception {
        Notice booked = notice("ann", Notice.Kind.BOOKED);

        MailCheck check = MailCheck.of(List.of(message(booked), message(booked)), this::find, owed("ann", "booked"));

        assertThat(check.repeatedIds()).isEqualTo(1);
        assertThat(check.problems()).contains("1 Message-IDs arrived more than once",
                "1 messages beyond the one each racer was owed");
    }

    @Test
    void aMessageForALoserOfADirectRaceIsCaught() throws Exception {
        Map<String, String> owed = owed("ann", "booked");
        owed.put(MailServer.addressOf("bob"), null); // answered in the call: owed nothing
        List<MimeMessage> arrived = List.of(message(notice("ann", Notice.Kind.BOOKED)),
                message(notice("bob", Notice.Kind.BOOKED)));

        MailCheck check = MailCheck.of(arrived, this::find, owed);

        assertThat(check.problems()).contains("2 messages to racers instead of 1",
                "1 messages beyond the one each racer was owed");
    }

    @Test
    void aMessageOfTheWrongKindIsCaught() throws Exception {
        MailCheck check = MailCheck.of(List.of(message(notice("bob", Notice.Kind.BOOKED))), this::find,
                owed("bob", "sorry, taken"));

        assertThat(check.problems()).containsExactly("1 racers got a message of the wrong kind");
    }

    @Test
    void aMessageToAnotherUserThanItsNoticesIsCaught() throws Exception {
        Notice forAnn = notice("ann", Notice.Kind.BOOKED);
        MimeMessage toBob = message(forAnn);
        toBob.setRecipient(Message.RecipientType.TO, new InternetAddress(MailServer.addressOf("bob")));

        MailCheck check = MailCheck.of(List.of(toBob), this::find, owed("bob", "booked"));

        assertThat(check.problems()).containsExactly("1 messages to another user than their notice's");
    }

    @Test
    void aMessageWithoutTheNoticesIdIsCaught() throws Exception {
        MimeMessage anonymous = message(notice("ann", Notice.Kind.BOOKED));
        anonymous.setHeader("Message-ID", "<no-at-sign>");

        MailCheck check = MailCheck.of(List.of(anonymous), this::find, owed("ann", "booked"));

        assertThat(check.problems()).contains("1 messages without a notice's Message-ID",
                "1 racers got a message of the wrong kind");
    }

    @Test
    void theNoticeIdIsReadFromTheMessageId() throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setHeader("Message-ID", " <abc-DEF_1.2@race.test> ");

        assertThat(MailServer.noticeId(message)).isEqualTo("abc-DEF_1.2");
    }

    private Optional<Notice> find(String id) {
        return Optional.ofNullable(outbox.get(id));
    }

    private Notice notice(String user, Notice.Kind kind) {
        Notice notice = new Notice(Notice.randomId(), kind, UserId.of(user), BookingReference.generate(),
                List.of(ShowId.of("show").seat("A1")), null, kind == Notice.Kind.REFUSED ? "TAKEN" : null,
                Instant.now());
        outbox.put(notice.id(), notice);
        return notice;
    }

    private static MimeMessage message(Notice notice) throws MessagingException {
        MimeMessage message = new MimeMessage(SESSION);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(MailServer.addressOf(notice.user().value())));
        message.setHeader("Message-ID", "<" + notice.id() + "@" + MailServer.DOMAIN + ">");
        return message;
    }

    private static Map<String, String> owed(String... userAndKind) {
        Map<String, String> owed = new HashMap<>();
        for (int i = 0; i < userAndKind.length; i += 2) {
            owed.put(MailServer.addressOf(userAndKind[i]), userAndKind[i + 1]);
        }
        return owed;
    }
}
