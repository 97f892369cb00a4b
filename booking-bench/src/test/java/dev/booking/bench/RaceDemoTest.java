package dev.booking.bench;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
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

    private static final BookingReference REF = BookingReference.of("r");

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

    @ParameterizedTest
    @ValueSource(strings = {"--backend h2", "--backend mongo"})
    void theGroupRaceKeepsEveryGroupWholeAndExitsZero(String backend) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--users", "300", "--pool-size", "4", "--seats", "20", "--group", "3"));
        args.addAll(List.of(backend.split(" ")));

        int status = RaceDemo.run(RaceOptions.parse(args.toArray(String[]::new)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("groups won   : ", "errors       : 0", "integrity    : OK (no seat in two groups");
    }

    @Test
    void theGroupCheckFailsForAPartialGroupAndForAGroupNotStoredWhole() {
        ShowId show = ShowId.of("show");
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        ClaimRequest annsRequest = ClaimRequest.book(show, ann, "A1", "A2");
        ClaimRequest bobsRequest = ClaimRequest.book(show, bob, "A2", "A3");
        List<ClaimRequest> requests = List.of(annsRequest, bobsRequest);
        ClaimResult annWon = new ClaimResult.Claimed(annsRequest.reference(), ann, annsRequest.seats(), SeatStatus.BOOKED, null);
        ClaimResult bobLost = new ClaimResult.Unavailable(List.of(show.seat("A2")));
        SeatState a1 = new SeatState(show.seat("A1"), SeatStatus.BOOKED, ann, annsRequest.reference(), null, 1);
        SeatState a2 = new SeatState(show.seat("A2"), SeatStatus.BOOKED, ann, annsRequest.reference(), null, 1);
        SeatState bobsLeftover = new SeatState(show.seat("A3"), SeatStatus.BOOKED, bob, bobsRequest.reference(), null, 1);

        assertThat(GroupIntegrityCheck.of(requests, List.of(annWon, bobLost), List.of(a1, a2, SeatState.empty(show.seat("A3"))))
                .passed()).isTrue();
        assertThat(GroupIntegrityCheck.of(requests, List.of(annWon, bobLost), List.of(a1, a2, bobsLeftover)).problems())
                .singleElement().asString().contains("partial group was left behind");
        assertThat(GroupIntegrityCheck.of(requests, List.of(annWon, bobLost),
                List.of(a1, SeatState.empty(show.seat("A2")), SeatState.empty(show.seat("A3")))).problems())
                .singleElement().asString().contains("not stored whole");
    }

    @Test
    void theIntegrityCheckFailsWhenTwoCallersWereToldTheyWonOneSeat() {
        SeatId seat = SeatId.of("show", "A1");
        List<BookingResult> results = List.of(
                new BookingResult.Booked(seat, UserId.of("ann"), REF), new BookingResult.Booked(seat, UserId.of("bob"), REF));
        List<SeatState> stored = List.of(new SeatState(seat, SeatStatus.BOOKED, UserId.of("bob"), REF, null, 2));

        IntegrityCheck check = IntegrityCheck.of(results, stored, 0);

        assertThat(check.passed()).isFalse();
        assertThat(check.problems()).anyMatch(p -> p.contains("was given to 2 callers"));
    }

    @Test
    void theIntegrityCheckFailsWhenAnAcknowledgedWinIsNotStored() {
        SeatId seat = SeatId.of("show", "A1");
        IntegrityCheck check = IntegrityCheck.of(List.of(new BookingResult.Booked(seat, UserId.of("ann"), REF)),
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
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--seats", "2", "--group", "3"));
        assertThatIllegalArgumentException().isThrownBy(() -> RaceOptions.parse("--seats", "9", "--group", "3", "--waiting-room"));
        assertThat(RaceOptions.parse("--seats", "20", "--group", "4").group()).isEqualTo(4);
    }
}
