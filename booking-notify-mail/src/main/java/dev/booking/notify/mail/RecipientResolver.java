package dev.booking.notify.mail;

import dev.booking.core.UserId;

import java.util.Optional;

/**
 * Finds the email address of a user: the application's part, since a {@link UserId} is opaque to
 * the library. Called from several relay threads at once, so it must be thread-safe; it runs once
 * per delivery attempt, so an address changed since the notice was written is the one used.
 */
@FunctionalInterface
public interface RecipientResolver {

    /**
     * The address to tell {@code user} at, such as {@code ann@example.com} or
     * {@code Ann Lee <ann@example.com>}; empty if the user has none, which refuses the notice for good.
     * An exception thrown makes the delivery wait and try again later.
     *
     * @param user the notice's user
     * @return the address, or empty
     */
    Optional<String> addressOf(UserId user);
}
