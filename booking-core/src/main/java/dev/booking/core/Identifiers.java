package dev.booking.core;

/**
 * The one rule set every identifier (show, seat, user) obeys, so that every backend can store it
 * verbatim and read it back identical.
 */
final class Identifiers {

    private Identifiers() {
    }

    /**
     * Returns {@code value} if it is a valid identifier, else throws an
     * {@link IllegalArgumentException} naming {@code field}. The message never echoes the value,
     * so hostile input cannot reach logs through it.
     */
    static String require(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.length() > Identifier.MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + Identifier.MAX_LENGTH
                    + " characters long, was " + value.length());
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "%s must not contain control characters, found U+%04X at index %d", field, (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a well-formed pair: a supplementary character such as an emoji
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate has no UTF-8 form, so no database could store it verbatim
                throw new IllegalArgumentException(String.format(
                        "%s must not contain an unpaired surrogate, found U+%04X at index %d", field, (int) c, i));
            }
        }
        return value;
    }
}
