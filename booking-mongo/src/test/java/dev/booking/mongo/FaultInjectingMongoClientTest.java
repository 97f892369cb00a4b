package dev.booking.mongo;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MongoDB fault hook: a failed write throws and stores nothing, a write whose acknowledgement
 * is lost throws and is stored, and {@code heal()} disarms what has not fired, for the single
 * conditional write of {@code tryBook} and the pending-then-final writes of a group claim.
 */
class FaultInjectingMongoClientTest {

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private FaultInjectingMongoClient faults;
    private SeatRepository seats;
    private ShowId show;

    @BeforeEach
    void freshCollection() {
        faults = new FaultInjectingMongoClient(mongo.client());
        seats = MongoSeatRepository.builder(faults.client()).database("booking_faults")
                .collection("faults_" + UUID.randomUUID().toString().replace("-", ""))
                // the repeat of a group claim that died half-way waits for its pending hold to pass
                .pendingHold(Duration.ofSeconds(1)).build();
        show = ShowId.of("faults");
        seats.addSeats(show, List.of("A1", "A2"));
    }

    @Test
    void aFailedBookingThrowsAndStoresNothing() {
        faults.hook().failNextCommits(1);

        assertThatThrownBy(() -> seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingException.class)
                .extracting(e -> ((BookingException) e).failure()).isEqualTo(BookingException.Failure.CONNECTION);

        assertThat(faults.hook().injected()).isEqualTo(1);
        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().isEmpty()).isTrue();
        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
    }

    @Test
    void aLostAcknowledgementIsStoredAndTheRepeatSaysSo() {
        faults.hook().loseNextAcknowledgements(1);

        assertThatThrownBy(() -> seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingException.class);

        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().owner()).isEqualTo(UserId.of("ann"));
        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.AlreadyYours.class);
    }

    @Test
    void aGroupClaimWhoseFirstWriteLostItsAcknowledgementIsSettledByItsRepeat() {
        ClaimRequest request = ClaimRequest.book(show, UserId.of("ann"), "A1", "A2");
        faults.hook().loseNextAcknowledgements(1); // the pending hold on A1 is written, its reply lost, the claim dies

        assertThatThrownBy(() -> seats.claim(request)).isInstanceOf(BookingException.class);

        assertThat(seats.claim(request)).as("the claim repeated").isInstanceOf(ClaimResult.Claimed.class);
        assertThat(seats.listSeats(show)).allSatisfy(s -> assertThat(s.status()).isEqualTo(SeatStatus.BOOKED));
    }

    @Test
    void healDisarmsWhatHasNotFired() {
        faults.hook().failNextCommits(3);
        faults.hook().loseNextAcknowledgements(3);

        faults.hook().heal();

        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(faults.hook().injected()).isZero();
    }
}
