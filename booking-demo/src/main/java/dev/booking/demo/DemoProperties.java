package dev.booking.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's own settings, prefix {@code demo} (the booking beans are configured under
 * {@code booking.*}, by the starter).
 *
 * @param show        the show the seat map opens on, created at startup if absent; default {@code demo}
 * @param rows        rows of the seat map, 1 to 26 (named A to Z); default 10
 * @param seatsPerRow seats in each row, 1 to 50; default 12
 * @param crowdSize   how many simulated users the crowd button sends, 1 to 100000; default 1000
 * @param crowdThreads threads the crowd submits from, 1 to 512; default 64
 */
@ConfigurationProperties("demo")
public record DemoProperties(@DefaultValue("demo") String show,
                             @DefaultValue("10") int rows,
                             @DefaultValue("12") int seatsPerRow,
                             @DefaultValue("1000") int crowdSize,
                             @DefaultValue("64") int crowdThreads) {

    /** Rejects sizes out of range; the show id is checked by {@link dev.booking.core.ShowId}. */
    public DemoProperties {
        requireBetween("demo.rows", rows, 1, 26);
        requireBetween("demo.seats-per-row", seatsPerRow, 1, 50);
        requireBetween("demo.crowd-size", crowdSize, 1, 100_000);
        requireBetween("demo.crowd-threads", crowdThreads, 1, 512);
    }

    private static void requireBetween(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
