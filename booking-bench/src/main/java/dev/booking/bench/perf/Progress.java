package dev.booking.bench.perf;

import java.io.PrintStream;
import java.util.List;

/**
 * The progress line: after every step, how far along the benchmark is, the time so far and a rough
 * estimate of the time left (from the steps' estimates, scaled by how long the finished ones really took).
 */
final class Progress {

    private final PrintStream out;
    private final int total;
    private final double totalEstimate;
    private final long start = System.nanoTime();
    private int done;
    private double doneEstimate;

    Progress(PrintStream out, List<Step> steps) {
        this.out = out;
        this.total = steps.size();
        this.totalEstimate = steps.stream().mapToDouble(Step::estimateSeconds).sum();
    }

    /** Prints the line for a finished (or skipped, or failed) step. */
    void finished(Step step, String outcome) {
        done++;
        doneEstimate += step.estimateSeconds();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = doneEstimate <= 0 ? 0 : elapsed / doneEstimate * (totalEstimate - doneEstimate);
        out.printf("[%3d/%d %3d%% %s elapsed, ~%s left] %s: %s%n", done, total,
                total == 0 ? 100 : done * 100 / total, clock(elapsed), clock(left), step.label(), outcome);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
