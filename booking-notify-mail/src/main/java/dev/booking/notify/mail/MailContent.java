package dev.booking.notify.mail;

import dev.booking.core.spi.Arguments;

/**
 * One rendered message: what {@link MailTemplates} make of a notice.
 *
 * <p>The subject is the only part that becomes a header, so it is held to one line: it may hold any
 * character but control characters (among them CR, LF and U+0085) and the Unicode line and paragraph
 * separators (U+2028, U+2029). Jakarta Mail encodes non-ASCII subjects (RFC 2047) when sending.
 *
 * @param subject the subject line
 * @param text    the plain text body
 * @param html    the HTML body: a complete document whose user-supplied values are escaped
 */
public record MailContent(String subject, String text, String html) {

    /**
     * Validates the parts.
     *
     * @throws IllegalArgumentException naming the field: any part missing or blank, or a subject
     *                                  with a line break or another control character
     */
    public MailContent {
        requireText("subject", subject);
        requireText("text", text);
        requireText("html", html);
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (breaksLine(c)) {
                // the message never echoes the subject: it comes from user-supplied values
                throw new IllegalArgumentException(String.format(
                        "subject must be one line without control characters, found U+%04X at index %d", (int) c, i));
            }
        }
    }

    /** Whether {@code c} may not stand in a one-line header: a control character or a Unicode line break. */
    static boolean breaksLine(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static void requireText(String field, String value) {
        Arguments.requirePresent(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
