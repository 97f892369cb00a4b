package dev.booking.bench;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out a fresh show id per race ({@code <prefix>-<start>-<random>-<n>}), so races never see each
 * other's seats and two programs racing on the same database do not collide; and numbers the seats.
 */
public final class ShowIds {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    /** Show ids starting with {@code prefix}, e.g. {@code race} or {@code bench}. */
    public ShowIds(String prefix) {
        this.prefix = prefix + "-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
    }

    /** A show id not handed out before. */
    public ShowId next() {
        return ShowId.of(prefix + next.incrementAndGet());
    }

    /** Seat numbers {@code S0000000}, {@code S0000001}, ... */
    public static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add(String.format("S%07d", i));
        }
        return numbers;
    }

    /** The first {@code count} seats of {@code show}, numbered as {@link #numbers} does. */
    public static List<SeatId> seats(ShowId show, int count) {
        return numbers(count).stream().map(show::seat).toList();
    }
}
