package dev.booking.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The one option parser of both modes: hands out the arguments one by one and reads an option's
 * value as text, a whole number, a list or seconds. Every complaint is an
 * {@link IllegalArgumentException} that names the option; the modes print it with their usage and
 * exit with status 2.
 */
public final class CommandLine {

    private final Deque<String> rest;

    /** The arguments, in order. */
    public CommandLine(List<String> args) {
        this.rest = new ArrayDeque<>(args);
    }

    /** Whether any argument is left. */
    public boolean hasNext() {
        return !rest.isEmpty();
    }

    /** The next argument, an option name. */
    public String next() {
        return rest.removeFirst();
    }

    /** The value that follows {@code option}. */
    public String text(String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    /** The value that follows {@code option}, as a whole number. */
    public int number(String option) {
        return parseInt(option, text(option));
    }

    /** The value that follows {@code option}, as a comma-separated list of at least one item. */
    public List<String> list(String option) {
        String value = text(option);
        List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a list, got '" + value + "'");
        }
        return items;
    }

    /** The value that follows {@code option}, as a comma-separated list of whole numbers. */
    public List<Integer> numbers(String option) {
        return list(option).stream().map(item -> parseInt(option, item)).toList();
    }

    /** The value that follows {@code option}, as a number of seconds above 0 and at most an hour. */
    public Duration seconds(String option) {
        String value = text(option);
        double seconds;
        try {
            seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number of seconds, got '" + value + "'");
        }
        if (!(seconds > 0) || seconds > 3600) {
            throw new IllegalArgumentException(option + " must be between 0 and 3600 seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The complaint about an option neither mode knows. */
    public static IllegalArgumentException unknown(String option) {
        return new IllegalArgumentException("unknown option " + option);
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
    }
}
