package dev.booking.jdbc.internal;

import dev.booking.core.spi.Arguments;

import java.util.regex.Pattern;

/**
 * A table name that is safe to splice into SQL: lower-case ASCII letters, digits and underscores,
 * starting with a letter or underscore, at most {@value #MAX_LENGTH} characters (so that the
 * constraint names derived from it stay within every database's identifier limit). It is always
 * quoted, so a reserved word such as {@code order} works too, and lower case makes it mean the
 * same table on every database and file system.
 *
 * @param value the name
 */
public record TableName(String value) {

    /** The longest accepted name. */
    public static final int MAX_LENGTH = 48;

    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}");

    /** Validates the name; the message never echoes it. */
    public TableName {
        Arguments.requirePresent("table", value);
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("table must match [a-z_][a-z0-9_]* and be at most "
                    + MAX_LENGTH + " characters long");
        }
    }
}
