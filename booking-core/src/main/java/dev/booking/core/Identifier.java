package dev.booking.core;

/**
 * The rules shared by {@link ShowId}, {@link SeatId} and {@link UserId}.
 *
 * <p>An identifier is a non-blank string of at most {@value #MAX_LENGTH} UTF-16 characters with no
 * control characters (U+0000 to U+001F and U+007F to U+009F) and no unpaired surrogates. Anything
 * else, including quotes, SQL comments, MongoDB operators such as {@code $gt}, dots, right-to-left
 * marks and emoji, is stored verbatim and compared exactly (case and trailing spaces matter).
 * Constructors of the identity records throw {@link IllegalArgumentException} naming the offending
 * field ({@code show}, {@code seat} or {@code user}).
 */
public final class Identifier {

    /** The maximum length of any identifier, in UTF-16 characters; the schemas size their columns to it. */
    public static final int MAX_LENGTH = 128;

    private Identifier() {
    }
}
