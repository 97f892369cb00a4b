package dev.booking.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The race mode end to end on its embedded stores, and its command line. */
class RaceDemoTest {

    @ParameterizedTest
    @ValueSource(strings = {"--seats 1", "--seats 10 --waiting-room", "--backend mongo --seats 3"})
    void theDemoReportsOneWinnerPerSeatAndExitsZero(String extra) {
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4"));
        args.addAll(List.of(extra.split(" ")));
        int seats = Integer.parseInt(args.get(args.indexOf("--seats") + 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("winners      : " + seats + "\n", "losers       : " + (300 - seats) + " ",
                "errors       : 0", "integrity    : OK (every seat has at most one owner; all " + seats
                        + " wins are stored; " + seats + " seats booked)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--backend h2", "--backend mongo"})
    void theGroupRaceKeepsEveryGroupWholeAndExitsZero(String backend) {
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4", "--seats", "20", "--group", "3"));
        args.addAll(List.of(backend.split(" ")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = RaceDemo.run(RaceOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).containsPattern("groups won   : [1-6] \\([0-9]+ seats booked of 20\\)")
                .contains("errors       : 0", "integrity    : OK (no seat in two groups");
    }

    @Test
    void badCommandLinesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--users", "0")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--users", "many")))
                .withMessageContaining("--users needs a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--backend", "oracle")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--frobnicate")));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--backend", "jdbc")))
                .withMessageContaining("--jdbc-url");
        assertThat(RaceOptions.parse(List.of("--help"))).isNull();
        assertThat(RaceOptions.parse(List.of("--jdbc-url", "jdbc:h2:mem:x")).backend()).isEqualTo("jdbc");
        assertThat(RaceOptions.parse(List.of("--mongo-uri", "mongodb://x/")).backend()).isEqualTo("mongo");
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse(List.of("--seats", "2", "--group", "3")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RaceOptions.parse(List.of("--seats", "9", "--group", "3", "--waiting-room")));
        assertThat(RaceOptions.parse(List.of("--seats", "20", "--group", "4")).group()).isEqualTo(4);
    }
}
