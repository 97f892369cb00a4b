package dev.booking.bench.jmh;

/**
 * The checks every benchmark body makes on what it did: a broken promise throws, which fails the
 * benchmark instead of letting it report a figure.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Returns {@code count} if it is {@code expected}, else throws.
     *
     * @param what what was counted, for the message
     */
    static int exactly(int count, int expected, String what) {
        if (count != expected) {
            throw new IllegalStateException(what + ": " + count + " of " + expected);
        }
        return count;
    }

    /** Returns {@code value} if {@code holds}, else throws naming {@code what} and the value. */
    static <T> T expect(boolean holds, T value, String what) {
        if (!holds) {
            throw new IllegalStateException(what + ", but got " + value);
        }
        return value;
    }
}
