package dev.booking.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdentityValidationTest {

    @Test
    void nullIsRejectedNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> new UserId(null)).withMessage("user must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new ShowId(null)).withMessage("show must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> SeatId.of("s", null)).withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatId(null, "A1")).withMessage("show must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u2003"})
    void blankIsRejected(String blank) {
        assertThatIllegalArgumentException().isThrownBy(() -> SeatId.of("show", blank))
                .withMessageStartingWith("seat must not");
    }

    @Test
    void overLongIsRejectedAtTheDocumentedMaximum() {
        String max = "x".repeat(Identifier.MAX_LENGTH);
        assertThat(UserId.of(max).value()).hasSize(128);
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of(max + "x"))
                .withMessage("user must be at most 128 characters long, was 129");
    }

    @Test
    void megabyteInputIsRejectedByLengthWithoutBeingScanned() {
        String huge = "\u0000".repeat(1 << 20);
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of(huge))
                .withMessage("user must be at most 128 characters long, was 1048576");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "bell\u0007", "del\u007f", "c1\u0085"})
    void controlCharactersAreRejectedWithoutEchoingTheValue(String hostile) {
        assertThatIllegalArgumentException().isThrownBy(() -> ShowId.of(hostile))
                .withMessageStartingWith("show must not contain control characters")
                .withMessageNotContaining(hostile);
    }

    @Test
    void unpairedSurrogatesAreRejectedButPairsAreKept() {
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of("a\ud800b"))
                .withMessageStartingWith("user must not contain an unpaired surrogate");
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of("\udc00"))
                .withMessageStartingWith("user must not contain an unpaired surrogate");
        assertThat(UserId.of("fan \ud83c\udfad").value()).isEqualTo("fan \ud83c\udfad");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'; DROP TABLE seats; --", "{\"$gt\": \"\"}", "$where", "a.b.c", "\u202Eevil", " padded "})
    void hostileLookingButPrintableValuesAreKeptVerbatim(String value) {
        assertThat(UserId.of(value).value()).isEqualTo(value);
        assertThat(SeatId.of(value, value).number()).isEqualTo(value);
    }

    @Test
    void seatStateRejectsContradictions() {
        SeatId seat = SeatId.of("show", "A1");
        BookingReference ref = BookingReference.of("r");
        UserId user = UserId.of("u");
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.BOOKED, null, ref, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.BOOKED, user, null, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.EMPTY, user, null, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.EMPTY, null, ref, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.HELD, user, ref, null, 1))
                .withMessageContaining("holdExpiresAt");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SeatState(seat, SeatStatus.BOOKED, user, ref, Instant.EPOCH, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeatState(seat, SeatStatus.EMPTY, null, null, null, -1));
        assertThat(new SeatState(seat, SeatStatus.HELD, user, ref, Instant.EPOCH, 1).isEmpty()).isFalse();
        assertThat(SeatState.empty(seat).isEmpty()).isTrue();
    }

    @Test
    void resultsKnowWhetherTheUserHoldsTheSeat() {
        SeatId seat = SeatId.of("show", "A1");
        UserId user = UserId.of("ann");
        BookingReference ref = BookingReference.of("r");
        assertThat(new BookingResult.Booked(seat, user, ref).isSuccess()).isTrue();
        assertThat(new BookingResult.AlreadyYours(seat, user, ref).isSuccess()).isTrue();
        assertThat(new BookingResult.Taken(seat).isSuccess()).isFalse();
        assertThat(new BookingResult.NoSuchSeat(seat).isSuccess()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new BookingResult.Booked(seat, null, ref))
                .withMessage("owner must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new BookingResult.Booked(seat, user, null))
                .withMessage("reference must not be null");
    }
}
