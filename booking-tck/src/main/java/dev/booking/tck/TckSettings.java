package dev.booking.tck;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sizes and time limits of the kit's races, and the seed of its random hostile input. Each setting is read from a system property, else
 * from an environment variable, else takes its default:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>system property</th><th>environment variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code booking.tck.racers}</td><td>{@code BOOKING_TCK_RACERS}</td><td>1000</td>
 *       <td>concurrent callers in one race</td></tr>
 *   <tr><td>{@code booking.tck.rounds}</td><td>{@code BOOKING_TCK_ROUNDS}</td><td>5</td>
 *       <td>races per rule (each on a fresh seat)</td></tr>
 *   <tr><td>{@code booking.tck.seats}</td><td>{@code BOOKING_TCK_SEATS}</td><td>50</td>
 *       <td>seats in the many-seats race</td></tr>
 *   <tr><td>{@code booking.tck.timeout.seconds}</td><td>{@code BOOKING_TCK_TIMEOUT_SECONDS}</td><td>120</td>
 *       <td>how long one race may take before the rule fails as hung</td></tr>
 *   <tr><td>{@code booking.tck.short.hold.millis}</td><td>{@code BOOKING_TCK_SHORT_HOLD_MILLIS}</td><td>300</td>
 *       <td>the hold of rules that wait for a hold to expire; raise it for a store whose calls take
 *       longer than this under load</td></tr>
 *   <tr><td>{@code booking.tck.seed}</td><td>{@code BOOKING_TCK_SEED}</td><td>random, new every run</td>
 *       <td>the seed of rule 10's random hostile identifiers ({@link HostileIdentifiers}); every rule 10
 *       failure prints it, and setting it replays that run</td></tr>
 * </table>
 *
 * @param racers  concurrent callers in one race, at least 2
 * @param rounds  races per race rule, at least 1
 * @param seats   seats in the many-seats race, at least 1
 * @param timeout   the limit for one race
 * @param shortHold the hold of rules that need a hold to expire, at least 50 ms
 * @param seed      the seed of rule 10's random hostile identifiers
 */
public record TckSettings(int racers, int rounds, int seats, Duration timeout, Duration shortHold, long seed) {

    /** Validates the settings. */
    public TckSettings {
        if (racers < 2) {
            throw new IllegalArgumentException("racers must be at least 2, was " + racers);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (seats < 1) {
            throw new IllegalArgumentException("seats must be at least 1, was " + seats);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (shortHold == null || shortHold.toMillis() < 50) {
            throw new IllegalArgumentException("shortHold must be at least 50 ms");
        }
    }

    /** Validated settings with a random {@link #seed()}, new on every call. */
    public TckSettings(int racers, int rounds, int seats, Duration timeout, Duration shortHold) {
        this(racers, rounds, seats, timeout, shortHold, ThreadLocalRandom.current().nextLong());
    }

    /** The settings from system properties and environment variables, with the documented defaults. */
    public static TckSettings fromEnvironment() {
        String seed = setting("booking.tck.seed");
        return new TckSettings(
                intSetting("booking.tck.racers", 1000),
                intSetting("booking.tck.rounds", 5),
                intSetting("booking.tck.seats", 50),
                Duration.ofSeconds(intSetting("booking.tck.timeout.seconds", 120)),
                Duration.ofMillis(intSetting("booking.tck.short.hold.millis", 300)),
                seed == null ? ThreadLocalRandom.current().nextLong() : parseSeed(seed));
    }

    private static int intSetting(String property, int fallback) {
        String value = setting(property);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static long parseSeed(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("booking.tck.seed must be a whole number (a long), was '" + value + "'", e);
        }
    }

    /** The system property, else the environment variable of the same name, else null if neither is set. */
    private static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
