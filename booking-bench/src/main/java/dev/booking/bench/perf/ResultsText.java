package dev.booking.bench.perf;

import java.util.Locale;

/** Number formats shared by the Markdown and CSV writers. */
final class ResultsText {

    private ResultsText() {
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "" : Millis.format(value * 1000);
    }

    static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String plain(double value, String pattern) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, pattern, value);
    }
}
