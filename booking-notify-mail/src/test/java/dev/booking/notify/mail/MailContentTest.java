package dev.booking.notify.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MailContentTest {

    @Test
    void missingOrBlankPartsAreRejectedNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailContent(null, "t", "h"))
                .withMessage("subject must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailContent("s", " ", "h"))
                .withMessage("text must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> new MailContent("s", "t", null))
                .withMessage("html must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nBcc: victim@example.org", "a\nb", "a\rb", "a\u0085b", "a\u2028b", "a\u2029b", "a\tb", "a\u0000b"})
    void aSubjectThatIsNotOneLineIsRejectedWithoutEchoingIt(String subject) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailContent(subject, "t", "h"))
                .withMessageStartingWith("subject must be one line without control characters, found U+")
                .withMessageNotContaining("Bcc");
    }

    @Test
    void aSubjectMayHoldAnyPrintableCharacter() {
        String subject = "Booked: <script>\"O'Neil\" & \ud83c\udfad \u202Eevil";
        assertThat(new MailContent(subject, "t", "h").subject()).isEqualTo(subject);
    }
}
