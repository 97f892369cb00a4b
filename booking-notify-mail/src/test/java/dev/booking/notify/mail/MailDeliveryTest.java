package dev.booking.notify.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.notify.mail.Notices.Case;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** MailDelivery against a real SMTP server, GreenMail, on a free port: what arrives, and what never may. */
class MailDeliveryTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String FROM = "Box Office <tickets@theatre.example>";

    private Session session;

    @BeforeEach
    void session() {
        session = MailSessions.to(SMTP.getSmtp().getPort());
    }

    private static String addressOf(UserId user) {
        return "user-" + Integer.toHexString(user.value().hashCode()) + "@customers.example";
    }

    private MailDelivery delivery() {
        return MailDelivery.builder(session, FROM, user -> Optional.of(addressOf(user))).build();
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void everyKindArrivesAsPlainTextAndHtmlWithTheNoticeIdAsMessageId(Case c) throws Exception {
        Notice notice = c.notice("hamlet-2026-12-06", "ann");

        assertThat(delivery().deliver(notice)).isEqualTo(DeliveryResult.DELIVERED);

        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        Received received = Received.of(messages[0]);
        assertThat(received.subject()).startsWith(c.subjectStart);
        if (c != Case.FAILED) {
            assertThat(received.subject()).contains("hamlet-2026-12-06");
        }
        for (String part : List.of(received.text(), received.html())) {
            assertThat(part).contains(c.phrase, "ref-" + c.name().toLowerCase(Locale.ROOT));
            if (c != Case.FAILED) {
                assertThat(part).contains("hamlet-2026-12-06", "A1, A2");
            }
            // the failure's detail is for operators only
            assertThat(part).doesNotContain("SQLTransient", "pool db-7");
        }
        assertThat(received.html()).startsWith("<!DOCTYPE html>").contains("</html>");
        assertThat(received.header("Message-ID")).isEqualTo("<" + notice.id() + "@theatre.example>");
        assertThat(received.header(MailDelivery.NOTICE_ID_HEADER)).isEqualTo(notice.id());
        assertThat(received.header("From")).isEqualTo(FROM);
        received.assertSafe(addressOf(notice.user()), List.of());
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void hostileValuesAreEscapedInHtmlAndReachNoHeader(Case c) throws Exception {
        Notice notice = Notices.hostile(c);

        assertThat(delivery().deliver(notice)).isEqualTo(DeliveryResult.DELIVERED);

        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        Received received = Received.of(messages[0]);
        List<String> escaped = new ArrayList<>(List.of(Notices.HOSTILE_REFERENCE_HTML, Notices.HOSTILE_USER_HTML));
        if (c != Case.FAILED) {
            escaped.addAll(List.of(Notices.HOSTILE_SHOW_HTML, Notices.HOSTILE_SEAT_HTML));
            // the show reaches the subject on one line: its line separator is a space, the rest verbatim (encoded in transit)
            assertThat(received.subject()).startsWith(c.subjectStart)
                    .endsWith(": " + Notices.HOSTILE_SHOW.replace('\u2028', ' '));
            assertThat(received.subject()).contains("\ud83c\udfad", "<script>");
            assertThat(received.text()).contains(Notices.HOSTILE_SHOW.replace('\u2028', ' '),
                    Notices.HOSTILE_SEAT.replace('\u2029', ' '));
        }
        received.assertSafe(addressOf(notice.user()), escaped);
        assertThat(received.text()).doesNotContain("\u2028", "\u2029");
        assertThat(received.text().lines()).noneMatch(line -> line.startsWith("Bcc:"));
        if (c != Case.FAILED) {
            // as sent, the subject is one RFC 2047 encoded line (assertSafe: every header printable ASCII)
            assertThat(received.header("Subject")).startsWith("=?UTF-8?").doesNotContain("\u2028", "\ud83c");
        }
        assertThat(received.message().getHeader("Bcc")).isNull();
    }

    @Test
    void identifiersRejectCarriageReturnsAndLineFeedsSoNoNoticeCanCarryOne() {
        for (String hostile : List.of("a\rb", "a\nb", "a\r\nBcc: victim@example.org", "a\u0085b")) {
            assertThatIllegalArgumentException().isThrownBy(() -> SeatId.of("show", hostile))
                    .withMessageStartingWith("seat must not contain control characters");
            assertThatIllegalArgumentException().isThrownBy(() -> SeatId.of(hostile, "A1"))
                    .withMessageStartingWith("show must not contain control characters");
            assertThatIllegalArgumentException().isThrownBy(() -> UserId.of(hostile))
                    .withMessageStartingWith("user must not contain control characters");
            assertThatIllegalArgumentException().isThrownBy(() -> BookingReference.of(hostile))
                    .withMessageStartingWith("reference must not contain control characters");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ann@customers.example\r\nBcc: victim@example.org",
            "ann@customers.example\nBcc: victim@example.org",
            "ann@customers.example\rBcc: victim@example.org",
            "ann@customers.example\u0085Bcc: victim@example.org",
            "ann@customers.example\u2028Bcc: victim@example.org",
            "ann@customers.example, victim@example.org",
            "undisclosed: ann@customers.example, victim@example.org;",
            "ann",
            "ann@",
            "zoë@customers.example",
            "not an address",
            ""})
    void anAddressThatIsNotExactlyOneAddressIsRejectedAndNothingIsSent(String address) {
        MailDelivery delivery = MailDelivery.builder(session, FROM, user -> Optional.of(address)).build();

        DeliveryResult result = delivery.deliver(Case.BOOKED.notice("hamlet", "ann"));

        assertThat(result).isEqualTo(new DeliveryResult.Rejected("invalid address for user"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void anAddressOutsideAsciiIsDeliveredOnlyWhenTheSessionAllowsUtf8() throws Exception {
        Session utf8 = MailSessions.to(SMTP.getSmtp().getPort());
        utf8.getProperties().setProperty("mail.mime.allowutf8", "true");
        MailDelivery delivery = MailDelivery.builder(utf8, FROM, user -> Optional.of("zoë@customers.example")).build();

        assertThat(delivery.deliver(Case.BOOKED.notice("hamlet", "zoe"))).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aUserWithoutAnAddressIsRejectedAndNothingIsSent() {
        MailDelivery delivery = MailDelivery.builder(session, FROM, user -> Optional.empty()).build();

        assertThat(delivery.deliver(Case.BOOKED.notice("hamlet", "ann")))
                .isEqualTo(new DeliveryResult.Rejected("no address for user"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aNamedAndANonAsciiAddressAreDelivered() throws Exception {
        List<String> addresses = List.of("Ann O'Neil <ann@customers.example>", "\"Zoë Ünal\" <zoe@customers.example>");
        for (String address : addresses) {
            MailDelivery delivery = MailDelivery.builder(session, FROM, user -> Optional.of(address)).build();
            assertThat(delivery.deliver(Case.BOOKED.notice("hamlet", "ann"))).isEqualTo(DeliveryResult.DELIVERED);
        }
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(2);
        // the personal name as the resolver gave it, encoded (RFC 2047) in the header, not raw 8-bit
        assertThat(messages[1].getHeader("To")[0]).startsWith("=?UTF-8?").endsWith("<zoe@customers.example>");
        assertThat(((InternetAddress) messages[1].getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Zoë Ünal");
        Received.of(messages[1]).assertSafe("=?UTF-8?Q?Zo=C3=AB_=C3=9Cnal?= <zoe@customers.example>", List.of());
    }

    @Test
    void aResolverOrTemplatesThatThrowMakeTheDeliveryWaitAndSendNothing() {
        MailDelivery resolverFails = MailDelivery.builder(session, FROM, user -> {
            throw new IllegalStateException("directory down");
        }).build();
        MailDelivery templatesFail = MailDelivery.builder(session, FROM, user -> Optional.of("ann@customers.example"))
                .templates(notice -> {
                    throw new IllegalStateException("template missing");
                }).build();
        Notice notice = Case.BOOKED.notice("hamlet", "ann");

        assertThat(resolverFails.deliver(notice)).isEqualTo(
                new DeliveryResult.RetryLater("the recipient resolver failed: java.lang.IllegalStateException"));
        assertThat(templatesFail.deliver(notice)).isEqualTo(
                new DeliveryResult.RetryLater("the templates failed: java.lang.IllegalStateException"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void customTemplatesAndMessageIdDomainAreUsed() throws Exception {
        MailDelivery delivery = MailDelivery.builder(session, FROM, user -> Optional.of("ann@customers.example"))
                .templates(notice -> new MailContent("Custom " + notice.kind(), "text body", "<p>html body</p>"))
                .messageIdDomain("notices.theatre.example")
                .build();
        Notice notice = Case.RELEASED.notice("hamlet", "ann");

        assertThat(delivery.deliver(notice)).isEqualTo(DeliveryResult.DELIVERED);

        Received received = Received.of(SMTP.getReceivedMessages()[0]);
        assertThat(received.subject()).isEqualTo("Custom RELEASED");
        assertThat(received.text()).isEqualTo("text body");
        assertThat(received.html()).isEqualTo("<p>html body</p>");
        assertThat(received.header("Message-ID")).isEqualTo("<" + notice.id() + "@notices.theatre.example>");
    }

    @Test
    void zoneAndLocaleShapeTheStandardTemplatesDates() throws Exception {
        MailDelivery delivery = MailDelivery.builder(session, FROM, user -> Optional.of("ann@customers.example"))
                .zone(ZoneId.of("Europe/Paris")).locale(Locale.FRANCE).build();

        assertThat(delivery.deliver(Case.HELD.notice("hamlet", "ann"))).isEqualTo(DeliveryResult.DELIVERED);

        Received received = Received.of(SMTP.getReceivedMessages()[0]);
        // 17:15 UTC is 18:15 in Paris in December, written the French way
        assertThat(received.subject()).startsWith("Held until 6 décembre 2026").contains("18:15");
        assertThat(received.text()).contains("Pay by: 6 décembre 2026", "18:15");
    }

    @Test
    void concurrentDeliveriesEachArriveOnceWithTheirOwnMessageId() throws Exception {
        MailDelivery delivery = delivery();
        int threads = 4;
        int perThread = 10;
        CyclicBarrier gate = new CyclicBarrier(threads);
        ConcurrentLinkedQueue<String> expected = new ConcurrentLinkedQueue<>();
        AtomicInteger delivered = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    gate.await();
                    for (int i = 0; i < perThread; i++) {
                        Notice notice = Case.BOOKED.notice("hamlet", "user-" + thread + "-" + i);
                        expected.add("<" + notice.id() + "@theatre.example>");
                        if (delivery.deliver(notice) instanceof DeliveryResult.Delivered) {
                            delivered.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            started.add(worker);
        }
        for (Thread worker : started) {
            worker.join();
        }

        assertThat(failures).isEmpty();
        assertThat(delivered).hasValue(threads * perThread);
        assertThat(SMTP.waitForIncomingEmail(10_000, threads * perThread)).isTrue();
        Set<String> ids = new HashSet<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            ids.add(message.getHeader("Message-ID")[0]);
        }
        assertThat(ids).hasSize(threads * perThread).containsExactlyInAnyOrderElementsOf(expected);
    }
}
