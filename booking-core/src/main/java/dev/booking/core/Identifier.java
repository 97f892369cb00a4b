package dev.booking.core;

/**
 * The rules shared by {@link ShowId}, {@link SeatId}, {@link UserId} and {@link BookingReference}.
 *
 * <p>An identifier is a non-blank string of at most {@value #MAX_LENGTH} UTF-16 characters with no
 * control characters (U+0000 to U+001F and U+007F to U+009F) and no unpaired surrogates. Anything
 * else, including quotes, SQL comments, MongoDB operators such as {@code $gt}, dots, right-to-left
 * marks and emoji, is stored verbatim and compared exactly (case, trailing spaces and the Unicode
 * spelling matter). Constructors of the identity records throw {@link IllegalArgumentException}
 * naming the offending field ({@code show}, {@code seat}, {@code user} or {@code reference}).
 */
public final class Identifier {

    /** The maximum length of any identifier, in UTF-16 characters; the schemas size their columns to it. */
    public static final int MAX_LENGTH = 128;

    private Identifier() {
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
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_LENGTH
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
