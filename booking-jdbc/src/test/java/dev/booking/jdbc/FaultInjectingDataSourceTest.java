package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC fault hook hits both kinds of write the adapter makes: the autocommit UPDATE of
 * {@code tryBook}, which has no {@code commit()}, and the commit of a claim's transaction; a failed
 * write leaves nothing behind and a write whose acknowledgement is lost is stored. On H2, so that it
 * runs everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectingDataSourceTest {

    private SuiteTable store;
    private FaultInjectingDataSource faults;
    private SeatRepository seats;

    @BeforeAll
    void createTable() {
        store = SuiteTable.create(TestDatabase.H2.pool(2), getClass());
        faults = new FaultInjectingDataSource(store.pool());
        seats = JdbcSeatRepository.builder(faults).table(store.table()).dialect(store.dialect()).build();
    }

    @AfterAll
    void closePool() {
        store.close();
    }

    @Test
    void aFailedAutocommitBookingThrowsAndStoresNothing() {
        ShowId show = show("fail-book");
        faults.hook().failNextCommits(1);

        assertThatThrownBy(() -> seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingException.class)
                .extracting(e -> ((BookingException) e).failure()).isEqualTo(BookingException.Failure.CONNECTION);

        assertThat(faults.hook().injected()).isEqualTo(1);
        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().isEmpty()).as("the seat after a failed booking").isTrue();
        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).as("once the fault has fired")
                .isInstanceOf(BookingResult.Booked.class);
    }

    @Test
    void aLostAcknowledgementOfAnAutocommitBookingIsStoredAndTheRepeatSaysSo() {
        ShowId show = show("lose-book");
        long before = faults.hook().injected();
        faults.hook().loseNextAcknowledgements(1);

        assertThatThrownBy(() -> seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingException.class);

        assertThat(faults.hook().injected() - before).isEqualTo(1);
        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().owner()).isEqualTo(UserId.of("ann"));
        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.AlreadyYours.class);
    }

    @Test
    void aFailedCommitOfAClaimThrowsAndStoresNothingThenALostOneIsStored() {
        ShowId show = show("claim");
        ClaimRequest request = ClaimRequest.book(show, UserId.of("ann"), "A1", "A2");
        faults.hook().failNextCommits(1);

        assertThatThrownBy(() -> seats.claim(request)).isInstanceOf(BookingException.class);
        assertThat(seats.listSeats(show)).as("seats after a failed commit").allSatisfy(s -> assertThat(s.isEmpty()).isTrue());

        faults.hook().loseNextAcknowledgements(1);
        assertThatThrownBy(() -> seats.claim(request)).isInstanceOf(BookingException.class);
        assertThat(seats.listSeats(show)).as("seats after a lost acknowledgement")
                .allSatisfy(s -> assertThat(s.status()).isEqualTo(SeatStatus.BOOKED));
        assertThat(seats.claim(request)).as("the claim repeated").isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void healDisarmsWhatHasNotFired() {
        ShowId show = show("heal");
        faults.hook().failNextCommits(3);
        faults.hook().loseNextAcknowledgements(3);
        long before = faults.hook().injected();

        faults.hook().heal();

        assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(faults.hook().injected()).isEqualTo(before);
    }

    /** A show of its own with two seats, added while no fault is armed. */
    private ShowId show(String name) {
        ShowId show = ShowId.of("faults-" + name);
        seats.addSeats(show, List.of("A1", "A2"));
        return show;
    }
}
