package dev.booking.notify.mail;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.notify.mail.Notices.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The standard templates without a server: wording, what they never show, and escaping. */
class StandardTemplatesTest {

    private final MailTemplates templates = MailTemplates.standard();

    @ParameterizedTest
    @EnumSource(Case.class)
    void everyKindSaysWhatHappenedInBothPartsAndNamesTheReferenceAndAccount(Case c) {
        MailContent content = templates.render(c.notice("hamlet", "ann"));

        assertThat(content.subject()).startsWith(c.subjectStart);
        for (String part : List.of(content.text(), content.html())) {
            assertThat(part).contains(c.phrase, "Reference", "ref-" + c.name().toLowerCase(Locale.ROOT), "Account", "ann");
        }
    }

    @Test
    void aHoldSaysUntilWhenAndToPayByThen() {
        MailContent content = templates.render(Case.HELD.notice("hamlet", "ann"));

        // the date as CLDR writes it in English: JDK versions differ in the separators around the time
        String date = "December 6, 2026,? (at )?5:15[ \\u202F]PM UTC";
        assertThat(content.subject()).matches("Held until " + date + ": hamlet");
        assertThat(content.text()).containsPattern("held for you until " + date + " \\(pay by " + date + " to keep them")
                .containsPattern("Pay by: " + date + "\n");
    }

    @Test
    void aFailureApologisesWithoutShowingItsDetail() {
        Notice failed = new Notice(Notice.randomId(), Notice.Kind.FAILED, UserId.of("ann"), BookingReference.of("r1"),
                List.of(), null, "org.h2.jdbc.JdbcSQLException: Table \"BOOKING_SEAT\" not found", Notices.CREATED);

        MailContent content = MailTemplates.standard().render(failed);

        assertThat(content.subject()).isEqualTo("Sorry, we could not complete your request");
        for (String part : List.of(content.subject(), content.text(), content.html())) {
            assertThat(part).doesNotContain("JdbcSQLException", "BOOKING_SEAT", "org.h2");
        }
        assertThat(content.text()).contains("something went wrong on our side", "Reference: r1")
                .doesNotContain("Show:", "Seat");
    }

    @Test
    void aRefusalForAReasonTheTemplatesDoNotKnowSaysNoWithoutTheReason() {
        Notice refused = new Notice(Notice.randomId(), Notice.Kind.REFUSED, UserId.of("ann"), BookingReference.of("r1"),
                List.of(SeatId.of("hamlet", "A1")), null, "QUOTA_EXCEEDED internal=42", Notices.CREATED);

        MailContent content = templates.render(refused);

        assertThat(content.subject()).isEqualTo("Not booked: hamlet");
        assertThat(content.text() + content.html()).contains("could not be booked").doesNotContain("QUOTA", "internal");
    }

    @Test
    void seatsOfTwoShowsAreListedUnderEachShow() {
        Notice booked = Case.BOOKED.notice(UserId.of("ann"), BookingReference.of("r1"),
                List.of(SeatId.of("othello", "B2"), SeatId.of("hamlet", "A2"), SeatId.of("hamlet", "A1")));

        MailContent content = templates.render(booked);

        assertThat(content.subject()).isEqualTo("Booked: hamlet, othello");
        assertThat(content.text()).contains("Show: hamlet\nSeats: A1, A2\nShow: othello\nSeat: B2\n");
    }

    @Test
    void hostileValuesAreEscapedInHtmlAndKeptToOneLineInTextAndSubject() {
        MailContent content = templates.render(Notices.hostile(Case.BOOKED));

        assertThat(content.html()).contains(Notices.HOSTILE_SHOW_HTML, Notices.HOSTILE_SEAT_HTML,
                Notices.HOSTILE_REFERENCE_HTML, Notices.HOSTILE_USER_HTML);
        assertThat(content.html()).doesNotContain("<script", "<img", "\u2028", "\u2029");
        assertThat(content.subject()).isEqualTo("Booked: " + Notices.HOSTILE_SHOW.replace('\u2028', ' '));
        assertThat(content.text()).doesNotContain("\u2028", "\u2029")
                .contains("Account: " + Notices.HOSTILE_USER.replace('\u2028', ' ').replace('\u2029', ' '));
    }

    @Test
    void escapingCoversTheMarkupCharactersLineSeparatorsAndControls() {
        assertThat(Text.escapeHtml("<a href=\"x\" title='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Text.escapeHtml("a\u2028b\u2029c")).isEqualTo("a&#x2028;b&#x2029;c");
        assertThat(Text.escapeHtml("a\u0085b\rc\u0000")).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
        assertThat(Text.escapeHtml("\ud83c\udfad \u00e9")).isEqualTo("\ud83c\udfad \u00e9");
        assertThat(Text.oneLine("a\r\nb\u0085c\u2028d\u2029e\tf")).isEqualTo("a  b c d e f");
    }

    @Test
    void missingZoneLocaleOrNoticeAreRejectedNamingTheArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> MailTemplates.standard(null, Locale.ENGLISH))
                .withMessage("zone must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> MailTemplates.standard(ZoneOffset.UTC, null))
                .withMessage("locale must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> templates.render(null))
                .withMessage("notice must not be null");
    }
}
