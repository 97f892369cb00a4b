package dev.booking.tck;

import java.util.List;

/** Splits the attempts of a {@link Race} into what the racers threw and what they returned. */
final class Attempts {

    private Attempts() {
    }

    /** The exceptions racers threw, in caller order. */
    static <T> List<Throwable> failures(List<Race.Attempt<T>> attempts) {
        return attempts.stream().map(Race.Attempt::failure).filter(f -> f != null).toList();
    }

    /** The values racers returned, in caller order, skipping those that threw. */
    static <T> List<T> values(List<Race.Attempt<T>> attempts) {
        return attempts.stream().filter(a -> a.failure() == null).map(Race.Attempt::value).toList();
    }
}
