package dev.booking.spring.boot;

/**
 * A start-up failure of the starter: configuration that contradicts itself or asks for something the
 * application does not have. Its message names the property and says what to add or change.
 *
 * <p>Immutable, hence thread-safe.
 */
public final class BookingConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    /**
     * Creates the failure.
     *
     * @param property    the property at fault, e.g. {@code booking.line.redis.url}
     * @param description what is wrong
     * @param action      what to do about it
     */
    public BookingConfigurationException(String property, String description, String action) {
        super(property + ": " + description + ". " + action);
        this.property = property;
        this.action = action;
    }

    /** The property at fault. */
    public String property() {
        return property;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
