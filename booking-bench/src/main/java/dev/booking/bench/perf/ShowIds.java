package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out a fresh show id per run ({@code bench-<start>-<n>}), so runs never see each other's seats and
 * two benchmarks against the same database do not collide.
 */
final class ShowIds {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    ShowIds() {
        this.prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
    }

    ShowId next() {
        return ShowId.of(prefix + next.incrementAndGet());
    }

    /** Seat numbers {@code S0000000}, {@code S0000001}, ... */
    static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add(String.format("S%07d", i));
        }
        return numbers;
    }

    /** The seats of {@code show} with the given numbers. */
    static SeatId[] seats(ShowId show, List<String> numbers) {
        return numbers.stream().map(show::seat).toArray(SeatId[]::new);
    }
}
