package dev.booking.tck;

import dev.booking.core.UserId;

import java.util.List;

/**
 * Users that a careless store would take for one: {@code ann}, {@code Ann}, {@code "ann "} and a
 * name spelled with a precomposed {@code é} (U+00E9) and with {@code e} and a combining acute
 * (U+0301), canonically equivalent. They are five different users on every store: a case-insensitive
 * or PAD SPACE collation, a trimmed column or Unicode normalisation would merge some of them.
 */
final class LookAlikeUsers {

    private static final List<UserId> ALL = List.of(UserId.of("ann"), UserId.of("Ann"), UserId.of("ann "),
            UserId.of("ren\u00e9e"), UserId.of("rene\u0301e"));

    private LookAlikeUsers() {
    }

    /** The five users, each different from every other. */
    static List<UserId> all() {
        return ALL;
    }

    /** Every user of {@link #all()} but {@code user}. */
    static List<UserId> besides(UserId user) {
        return ALL.stream().filter(other -> !other.equals(user)).toList();
    }

    /** The user's name escaped, so that case, a trailing space and a combining mark show in a message. */
    static String shown(UserId user) {
        return HostileIdentifiers.escape(user.value());
    }
}
