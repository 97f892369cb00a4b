package dev.booking.bench;

import dev.booking.bench.perf.BenchOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One entry point, two modes: the race demo by default, the benchmark after {@code bench}. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheUsageOfTheModeAsked() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(run("race", "--help")).isZero();
        assertThat(run("bench", "--help")).isZero();

        assertThat(text(out)).isEqualTo(RaceOptions.USAGE + RaceOptions.USAGE + BenchOptions.USAGE);
    }

    @Test
    void aBadCommandLineNamesTheModeShowsItsUsageAndExitsTwo() throws Exception {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(text(err)).isEqualTo("race: unknown option --frobnicate\n" + RaceOptions.USAGE);
        err.reset();

        assertThat(run("bench", "--pool-size", "x")).isEqualTo(2);
        assertThat(text(err)).isEqualTo("bench: --pool-size needs a whole number, got 'x'\n" + BenchOptions.USAGE);
    }

    @Test
    void theRaceIsTheDefaultMode() throws Exception {
        assertThat(run("--users", "20", "--seats", "2", "--pool-size", "2")).as(text(out)).isZero();
        assertThat(text(out)).startsWith("booking race demo\n").contains("winners      : 2\n");
    }

    private int run(String... args) throws Exception {
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
