package dev.booking.bench.perf;

/** Compact per-call outcome codes, so the timed loops write one byte per call and nothing else. */
final class Outcomes {

    static final byte NOT_TRIED = 0;
    static final byte WON = 1;
    static final byte LOST = 2;
    static final byte OTHER = 3;
    static final byte FAILED = 4;

    private Outcomes() {
    }

    static byte of(Answer answer) {
        return switch (answer) {
            case WON -> WON;
            case LOST -> LOST;
            case OTHER -> OTHER;
        };
    }
}
