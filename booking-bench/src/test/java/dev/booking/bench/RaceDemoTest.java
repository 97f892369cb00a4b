package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
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

/** The race demo end to end on its embedded default, and its integrity check on broken outcomes. */
class RaceDemoTest {

    @ParameterizedTest
    @ValueSource(strings = {"--seats 1", "--seats 10 --waiting-room", "--backend mongo --seats 3"})
    void theDemoReportsOneWinnerPerSeatAndExitsZero(String extra) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4"));
        args.addAll(List.of(extra.split(" ")));
        int seats = Integer.parseInt(args.get(args.indexOf("--seats") + 1));

        int status = RaceDemo.run(RaceOptions.parse(args.toArray(String[]::new)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("winners      : " + seats + "\n", "losers       : " + (300 - seats),
                "errors       : 0", "integrity    : OK");
    }

    @Test
    void theIntegrityCheckFailsWhenTwoCallersWereToldTheyWonOneSeat() {
        SeatId seat = SeatId.of("show", "A1");
        List<BookingResult> results = List.of(
                new BookingResult.Booked(seat, UserId.of("ann")), new BookingResult.Booked(seat, UserId.of("bob")));
        List<SeatState> stored = List.of(new SeatState(seat, SeatStatus.BOOKED, UserId.of("bob"), 2));

        IntegrityCheck check = IntegrityCheck.of(results, stored, 0);

        assertThat(check.passed()).isFalse();
        assertThat(check.problems()).anyMatch(p -> p.contains("was given to 2 callers"));
    }

    @Test
    void theIntegrityCheckFailsWhenAnAcknowledgedWinIsNotStored() {
        SeatId seat = SeatId.of("show", "A1");
        IntegrityCheck check = IntegrityCheck.of(List.of(new BookingResult.Booked(seat, UserId.of("ann"))),
                List.of(SeatState.empty(seat)), 0);

        assertThat(check.problems()).anyMatch(p -> p.contains("told Booked but the store holds"));
    }

    @Test
    void badCommandLinesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--users", "0"));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--users", "many"));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--backend", "oracle"));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--frobnicate"));
        assertThat(RaceOptions.parse("--help")).isNull();
        assertThat(RaceOptions.parse("--jdbc-url", "jdbc:h2:mem:x").backend()).isEqualTo("jdbc");
    }
}
