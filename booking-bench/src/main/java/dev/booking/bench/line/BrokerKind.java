package dev.booking.bench.line;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** A broker the harness can put a shared line on, with where it is found when no URL is given. */
public enum BrokerKind {
    /** The in-memory reference line: one JVM only; its "instances" share the line's state. */
    MEMORY("memory", null, null),
    /** Redis Streams with consumer groups ({@code booking-queue-redis}). */
    REDIS("redis", "BOOKING_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
    /** RabbitMQ quorum queues with publisher confirms ({@code booking-queue-rabbitmq}). */
    RABBITMQ("rabbitmq", "BOOKING_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F");

    private final String optionName;
    private final String urlVariable;
    private final String defaultUrl;

    BrokerKind(String optionName, String urlVariable, String defaultUrl) {
        this.optionName = optionName;
        this.urlVariable = urlVariable;
        this.defaultUrl = defaultUrl;
    }

    /**
     * The kind named on a command line: {@code memory}, {@code redis} or {@code rabbitmq}, in any case.
     *
     * @throws IllegalArgumentException naming {@code kind} for any other name
     */
    public static BrokerKind parse(String kind) {
        if (kind != null) {
            for (BrokerKind candidate : values()) {
                if (candidate.optionName.equalsIgnoreCase(kind.trim())) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("kind must be one of " + Arrays.stream(values())
                .map(BrokerKind::optionName).toList() + ", was " + kind);
    }

    /** The name on the command line, e.g. {@code redis}. */
    public String optionName() {
        return optionName;
    }

    /** Whether a line of this kind can be shared with other processes (every kind but memory). */
    public boolean crossesProcesses() {
        return this != MEMORY;
    }

    /**
     * The URL to use when none was given: the test variable ({@code BOOKING_TEST_REDIS_URL},
     * {@code BOOKING_TEST_RABBITMQ_URL}) if set, else the broker's default port on loopback;
     * {@code null} for memory, which has no URL.
     *
     * @param env the environment to read the variable from
     */
    public String defaultUrl(Map<String, String> env) {
        if (urlVariable == null) {
            return null;
        }
        String fromEnv = env.get(urlVariable);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : defaultUrl;
    }

    /** The environment variable that names this broker's URL in tests, or {@code null} for memory. */
    public String urlVariable() {
        return urlVariable;
    }

    @Override
    public String toString() {
        return optionName.toLowerCase(Locale.ROOT);
    }
}
