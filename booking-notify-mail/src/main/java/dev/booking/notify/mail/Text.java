package dev.booking.notify.mail;

/** The two ways a user-supplied value is made safe: escaped for HTML, kept to one line for text and headers. */
final class Text {

    private static final char REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /**
     * {@code value} as HTML text, safe in an element and in a quoted attribute: the five markup
     * characters become references, the Unicode line separators (U+2028, U+2029) become numeric
     * references, and other control characters (never in an identifier) become U+FFFD, since HTML
     * has no valid reference for most of them.
     */
    static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\u2028', '\u2029' -> out.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
                default -> out.append(Character.isISOControl(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** {@code value} on one line: every control character and Unicode line break becomes a space. */
    static String oneLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(MailContent.breaksLine(c) ? ' ' : c);
        }
        return out.toString();
    }
}
