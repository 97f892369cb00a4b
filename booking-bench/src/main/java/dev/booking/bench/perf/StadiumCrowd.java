package dev.booking.bench.perf;

import java.util.SplittableRandom;

/**
 * What the on-sale's users try, attempt by attempt, decided before the sale opens from a fixed seed, so
 * that the library and its baseline face the same crowd. Seat choice is skewed as on-sales are: rows
 * by a Zipf-like law (row r drawn with weight {@code 1 / (r + 1)^}{@value #ROW_SKEW}, the front rows
 * first), uniform within a row, and {@value #HOT_SHARE} of all attempts on a handful of hot seats in
 * the middle of the front row. An attempt is a plain {@code tryBook}, or a hold of a random length that
 * the user then confirms after a pause shorter than the hold or lets lapse.
 */
final class StadiumCrowd {

    /** The Zipf exponent over rows: the front row draws about 340 times the attempts of the 200th. */
    static final double ROW_SKEW = 1.1;
    /** Share of attempts on the hot seats. */
    static final double HOT_SHARE = 0.05;
    /** Share of attempts that are holds rather than plain bookings. */
    static final double HOLD_SHARE = 0.3;
    /** Share of holds the user confirms; the others lapse. */
    static final double CONFIRM_SHARE = 0.6;
    /** The confirmation comes after at least this many milliseconds... */
    static final int MIN_PAY_MILLIS = 20;
    /** ...and at most this share of the hold: paying usually beats the expiry, a loaded machine sometimes not. */
    static final double MAX_PAY_SHARE = 0.6;

    /** What an attempt does. */
    enum Kind {
        /** {@code tryBook}. */
        BOOK,
        /** {@code hold}, then {@code confirm} after a pause. */
        HOLD_AND_CONFIRM,
        /** {@code hold}, then nothing: the hold lapses and the seat is sold again. */
        HOLD_AND_LAPSE
    }

    private final int[] seat;
    private final Kind[] kind;
    private final int[] holdMillis;
    private final int[] payMillis;

    private StadiumCrowd(int attempts) {
        seat = new int[attempts];
        kind = new Kind[attempts];
        holdMillis = new int[attempts];
        payMillis = new int[attempts];
    }

    /** The attempts for {@code sizes}, the same for the same seed. */
    static StadiumCrowd of(StadiumSizes sizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rowCumulative = new double[sizes.rows()];
        double total = 0;
        for (int row = 0; row < sizes.rows(); row++) {
            total += 1 / Math.pow(row + 1, ROW_SKEW);
            rowCumulative[row] = total;
        }
        int firstHot = (sizes.seatsPerRow() - sizes.hotSeats()) / 2;
        int minHold = (int) sizes.minHold().toMillis();
        int maxHold = (int) sizes.maxHold().toMillis();
        StadiumCrowd crowd = new StadiumCrowd(sizes.attempts());
        for (int i = 0; i < sizes.attempts(); i++) {
            if (sizes.hotSeats() > 0 && random.nextDouble() < HOT_SHARE) {
                crowd.seat[i] = firstHot + random.nextInt(sizes.hotSeats());
            } else {
                int row = row(rowCumulative, random.nextDouble() * total);
                crowd.seat[i] = row * sizes.seatsPerRow() + random.nextInt(sizes.seatsPerRow());
            }
            if (random.nextDouble() < HOLD_SHARE) {
                int hold = minHold + random.nextInt(maxHold - minHold + 1);
                crowd.holdMillis[i] = hold;
                boolean confirms = random.nextDouble() < CONFIRM_SHARE;
                crowd.kind[i] = confirms ? Kind.HOLD_AND_CONFIRM : Kind.HOLD_AND_LAPSE;
                int longestPay = Math.max(MIN_PAY_MILLIS, (int) (hold * MAX_PAY_SHARE));
                crowd.payMillis[i] = confirms ? MIN_PAY_MILLIS + random.nextInt(longestPay - MIN_PAY_MILLIS + 1) : 0;
            } else {
                crowd.kind[i] = Kind.BOOK;
            }
        }
        return crowd;
    }

    private static int row(double[] cumulative, double point) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < point) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    int attempts() {
        return seat.length;
    }

    /** The seat index attempt {@code i} goes for. */
    int seat(int i) {
        return seat[i];
    }

    Kind kind(int i) {
        return kind[i];
    }

    /** The hold attempt {@code i} asks for, in milliseconds; 0 for a plain booking. */
    int holdMillis(int i) {
        return holdMillis[i];
    }

    /** How long after its hold attempt {@code i} confirms, in milliseconds; 0 unless it confirms. */
    int payMillis(int i) {
        return payMillis[i];
    }
}
