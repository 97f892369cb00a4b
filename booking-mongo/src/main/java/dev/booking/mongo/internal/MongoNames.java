package dev.booking.mongo.internal;

import java.util.regex.Pattern;

/**
 * Checks database and collection names before they reach the driver. The patterns are stricter
 * than MongoDB's own rules on purpose: no dots (a dot separates database and collection in a
 * namespace, and {@code system.*} collections are reserved), no {@code $}, no spaces or slashes,
 * and short enough for every server version's namespace limit.
 *
 * <p>Thread-safety: stateless.
 */
public final class MongoNames {

    /** A database name: a letter or underscore, then letters, digits, underscores or hyphens; at most 63 characters. */
    public static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

    /** A collection name: a letter or underscore, then letters, digits or underscores; at most 63 characters. */
    public static final Pattern COLLECTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private MongoNames() {
    }

    /** Returns {@code name}, or throws an {@link IllegalArgumentException} naming {@code field}. */
    public static String require(String field, Pattern pattern, String name) {
        if (name == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (!pattern.matcher(name).matches()) {
            // the pattern, not the value, goes into the message: the value may be anything
            throw new IllegalArgumentException(field + " name must match " + pattern.pattern()
                    + " (length " + name.length() + ")");
        }
        return name;
    }
}
