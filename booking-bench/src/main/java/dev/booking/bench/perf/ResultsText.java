package dev.booking.bench.perf;

import java.util.Locale;

/** Number formats shared by the progress line and the Markdown, CSV and chart writers. */
final class ResultsText {

    private ResultsText() {
    }

    /** Microseconds as milliseconds, with as many decimals as make sense at that size; NaN as blank. */
    static String micros(double micros) {
        if (Double.isNaN(micros)) {
            return "";
        }
        double ms = micros / 1000.0;
        String pattern = ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : ms >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, ms);
    }

    static String ms(double value) {
        return micros(value * 1000);
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
