package dev.booking.bench.perf;

import java.util.Locale;

/** Formats microseconds as milliseconds with as many decimals as make sense at that size. */
final class Millis {

    private Millis() {
    }

    static String format(double micros) {
        if (Double.isNaN(micros)) {
            return "";
        }
        double ms = micros / 1000.0;
        String pattern = ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : ms >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, ms);
    }
}
