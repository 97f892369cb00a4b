package dev.booking.notify.mail;

import dev.booking.notify.mail.Notices.Case;
import jakarta.mail.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MailDeliveryBuilderTest {

    private final Session session = MailSessions.to(25);
    private final RecipientResolver nobody = user -> Optional.empty();

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> MailDelivery.builder(null, "a@b.example", nobody))
                .withMessage("session must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> MailDelivery.builder(session, null, nobody))
                .withMessage("from must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> MailDelivery.builder(session, "a@b.example", null))
                .withMessage("recipients must not be null");
        MailDelivery.Builder builder = MailDelivery.builder(session, "a@b.example", nobody);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.templates(null)).withMessage("templates must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.zone(null)).withMessage("zone must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.locale(null)).withMessage("locale must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.build().deliver(null))
                .withMessage("notice must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tickets", "a@b.example, c@d.example", "a@b.example\r\nBcc: c@d.example", "<a@b",
            "z\u00f6e@b.example"})
    void aSenderThatIsNotOneAsciiAddressIsRejected(String from) {
        assertThatIllegalArgumentException().isThrownBy(() -> MailDelivery.builder(session, from, nobody))
                .withMessage("from must be one valid email address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b.example", "x@b.example", "b.example.", ".b.example", "a..b", "-a.example",
            "b.example\r\nX-Evil: 1", "[127.0.0.1]"})
    void aMessageIdDomainThatIsNotAHostNameIsRejected(String domain) {
        MailDelivery.Builder builder = MailDelivery.builder(session, "a@b.example", nobody);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.messageIdDomain(domain))
                .withMessage("messageIdDomain must be a host name of letters, digits, hyphens and dots");
    }

    @Test
    void aSenderWhoseDomainIsNoHostNameNeedsAMessageIdDomain() {
        MailDelivery.Builder builder = MailDelivery.builder(session, "tickets@[192.0.2.1]", nobody);

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessage("messageIdDomain must be set: the domain of from is not a host name");
        assertThat(builder.messageIdDomain("theatre.example").build()).isNotNull();
    }

    @Test
    void zoneOrLocaleWithOwnTemplatesIsRejectedAsTheyWouldBeIgnored() {
        MailDelivery.Builder own = MailDelivery.builder(session, "a@b.example", nobody)
                .templates(MailTemplates.standard());

        assertThatIllegalArgumentException().isThrownBy(() -> own.zone(ZoneOffset.UTC).build())
                .withMessageStartingWith("zone shapes the standard templates only");
        assertThatIllegalArgumentException().isThrownBy(() -> own.locale(Locale.GERMAN).build())
                .withMessageStartingWith("locale shapes the standard templates only");
    }

    @Test
    void theBuilderIsImmutable() {
        MailDelivery.Builder plain = MailDelivery.builder(session, "a@b.example", nobody);
        MailDelivery.Builder withOwnTemplates = plain.templates(MailTemplates.standard());

        assertThat(withOwnTemplates).isNotSameAs(plain);
        // the first builder still has no templates of its own, so a zone is allowed there
        assertThat(plain.zone(ZoneOffset.UTC).build().deliver(Case.BOOKED.notice("hamlet", "ann")))
                .isEqualTo(new dev.booking.core.outbox.DeliveryResult.Rejected("no address for user"));
    }
}
