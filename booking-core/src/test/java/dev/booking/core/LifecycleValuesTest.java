package dev.booking.core;

import dev.booking.core.spi.EventPublisher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleValuesTest {

    private final ShowId show = ShowId.of("show");
    private final UserId ann = UserId.of("ann");

    @Test
    void aClaimRequestKeepsItsSeatsSortedAndCarriesAGeneratedReference() {
        ClaimRequest request = ClaimRequest.book(show, ann, "B2", "A10", "A9");

        assertThat(request.seatNumbers()).containsExactly("A10", "A9", "B2");
        assertThat(request.seats()).containsExactly(show.seat("A10"), show.seat("A9"), show.seat("B2"));
        assertThat(request.isHold()).isFalse();
        assertThat(request.targetStatus()).isEqualTo(SeatStatus.BOOKED);
        assertThat(request.reference()).isNotEqualTo(ClaimRequest.book(show, ann, "A9").reference());
        assertThat(request.withReference(BookingReference.of("order-1")).reference()).isEqualTo(BookingReference.of("order-1"));
        assertThat(request).as("sending the same request object again repeats its reference").isEqualTo(request);

        ClaimRequest hold = ClaimRequest.hold(show, ann, Duration.ofMinutes(25), List.of("A1"));
        assertThat(hold.holdDuration()).contains(Duration.ofMinutes(25));
        assertThat(hold.targetStatus()).isEqualTo(SeatStatus.HELD);
    }

    @Test
    void aClaimRequestRejectsBadPartsNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(null, ann, "A1")).withMessageContaining("show");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, null, "A1")).withMessageContaining("user");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann)).withMessage("seats must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, (String[]) null))
                .withMessage("seats must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, Arrays.asList("A1", null)))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, "A1", "A\u0000"))
                .withMessageStartingWith("seat must not contain control characters");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, "A1", "A2", "A1"))
                .withMessage("seats must not repeat a seat number");
        List<String> tooMany = IntStream.rangeClosed(0, ClaimRequest.MAX_SEATS).mapToObj(i -> "S" + i).toList();
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, tooMany))
                .withMessageContaining("at most " + ClaimRequest.MAX_SEATS);
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.book(show, ann, "A1").withReference(null))
                .withMessage("reference must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimRequest.hold(show, ann, null, "A1"))
                .withMessage("holdFor must not be null");
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999),
                ClaimRequest.MAX_HOLD.plusMillis(1))) {
            assertThatIllegalArgumentException().as("holdFor %s", bad)
                    .isThrownBy(() -> ClaimRequest.hold(show, ann, bad, "A1")).withMessageStartingWith("holdFor must be");
        }
        assertThat(ClaimRequest.hold(show, ann, ClaimRequest.MAX_HOLD, "A1").holdFor()).isEqualTo(ClaimRequest.MAX_HOLD);
    }

    @Test
    void aClaimRequestDoesNotShareTheCallersList() {
        List<String> numbers = new ArrayList<>(List.of("A2", "A1"));
        ClaimRequest request = ClaimRequest.book(show, ann, numbers);
        numbers.add("A3");
        Collections.reverse(numbers);

        assertThat(request.seatNumbers()).containsExactly("A1", "A2");
        assertThatThrownBy(() -> request.seatNumbers().add("A4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void referencesFollowTheIdentifierRules() {
        assertThat(BookingReference.generate()).isNotEqualTo(BookingReference.generate());
        assertThat(BookingReference.of("'; DROP TABLE x; --").value()).isEqualTo("'; DROP TABLE x; --");
        assertThatIllegalArgumentException().isThrownBy(() -> BookingReference.of(" ")).withMessage("reference must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> BookingReference.of("x".repeat(Identifier.MAX_LENGTH + 1)))
                .withMessageStartingWith("reference must be at most");
        assertThatIllegalArgumentException().isThrownBy(() -> BookingReference.of("a\nb"))
                .withMessageStartingWith("reference must not contain control characters");
    }

    @Test
    void resultsAndEventsRejectContradictions() {
        BookingReference ref = BookingReference.of("r");
        List<SeatId> seats = List.of(show.seat("B"), show.seat("A"));
        assertThat(new ClaimResult.Claimed(ref, ann, seats, SeatStatus.BOOKED, null).seats())
                .as("sorted").containsExactly(show.seat("A"), show.seat("B"));
        assertThat(new ClaimResult.Claimed(ref, ann, seats, SeatStatus.BOOKED, null).isSuccess()).isTrue();
        assertThat(new ClaimResult.Unavailable(seats).isSuccess()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimResult.Claimed(ref, ann, seats, SeatStatus.HELD, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimResult.Claimed(ref, ann, seats, SeatStatus.EMPTY, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ClaimResult.Claimed(ref, ann, seats, SeatStatus.BOOKED, Instant.EPOCH));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimResult.Unavailable(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClaimResult.NoSuchSeats(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReleaseResult.Released(ref, ann, Arrays.asList((SeatId) null)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConfirmResult.Lapsed(null)).withMessage("reference must not be null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BookingEvent(BookingEvent.Type.HELD, ref, ann, seats, null))
                .withMessageContaining("holdExpiresAt");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BookingEvent(BookingEvent.Type.BOOKED, ref, ann, seats, Instant.EPOCH));
    }

    @Test
    void aFailingListenerIsLoggedAndSwallowedButAFatalErrorIsNot() {
        BookingEvent event = new BookingEvent(BookingEvent.Type.BOOKED, BookingReference.of("r"), ann,
                List.of(show.seat("A1")), null);
        List<BookingEvent> heard = new ArrayList<>();

        new EventPublisher(e -> {
            heard.add(e);
            throw new IllegalStateException("mail server down");
        }).publish(event);
        new EventPublisher(e -> {
            throw new AssertionError("a listener's own assertion");
        }).publish(event);

        assertThat(heard).containsExactly(event);
        assertThatThrownBy(() -> new EventPublisher(e -> {
            throw new OutOfMemoryError("fatal");
        }).publish(event)).isInstanceOf(OutOfMemoryError.class);
        assertThatIllegalArgumentException().isThrownBy(() -> new EventPublisher(null)).withMessage("listener must not be null");
    }
}
