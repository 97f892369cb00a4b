package dev.booking.demo;

import dev.booking.core.UserId;

/**
 * The name a visitor types into the page; it becomes the seat's owner. Stored and shown verbatim
 * (the page writes it as text, never as markup), so quotes and angle brackets are allowed.
 *
 * @param value the name, trimmed; 1 to {@value #MAX_LENGTH} characters, no control characters
 */
public record VisitorName(String value) {

    /** The longest name accepted: what fits a seat's label on the map. */
    public static final int MAX_LENGTH = 60;

    /** Trims the name and rejects a missing, blank, too long or control-character name. */
    public VisitorName {
        if (value == null) {
            throw new IllegalArgumentException("name is required");
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must not contain control characters");
        }
    }

    /** The owner this name books as. */
    public UserId asUser() {
        return UserId.of(value);
    }
}
