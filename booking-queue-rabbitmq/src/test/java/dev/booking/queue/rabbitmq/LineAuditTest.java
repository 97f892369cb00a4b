package dev.booking.queue.rabbitmq;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit of the failure suites catches each kind of broken history: a confirmed ticket the
 * ledger forgot, one left undecided, two instances reading a ticket two ways, two winners of one
 * seat, a seat held for no Booked ticket, a Booked ticket whose seat is not held, a refusal for a
 * free seat; and passes a sound one.
 */
class LineAuditTest {

    private static final ShowId SHOW = ShowId.of("audit");

    private final Ticket winner = Ticket.random();
    private final Ticket loser = Ticket.random();
    private final Ticket other = Ticket.random();

    private static TicketStatus booked(Ticket ticket, String seat) {
        return new TicketStatus.Booked(new ClaimResult.Claimed(SharedLine.referenceFor(ticket), UserId.of("u-" + ticket.id()),
                List.of(new SeatId(SHOW, seat)), SeatStatus.BOOKED, null));
    }

    private static final TicketStatus TAKEN = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);

    /** A sound history: A1 won by one ticket and refused to another, B1 won by a third. */
    private Map<Ticket, TicketStatus> soundStatuses() {
        Map<Ticket, TicketStatus> statuses = new HashMap<>();
        statuses.put(winner, booked(winner, "A1"));
        statuses.put(loser, TAKEN);
        statuses.put(other, booked(other, "B1"));
        return statuses;
    }

    private Map<Ticket, String> confirmed() {
        return Map.of(winner, "A1", loser, "A1", other, "B1");
    }

    private Map<String, BookingReference> soundHolders() {
        return Map.of("A1", SharedLine.referenceFor(winner), "B1", SharedLine.referenceFor(other));
    }

    private LineAudit.Report audit(Map<Ticket, TicketStatus> survivor, Map<Ticket, TicketStatus> fresh,
                                   Map<String, BookingReference> holders) {
        return LineAudit.audit(new LineAudit.History(confirmed(), survivor, fresh, holders));
    }

    @Test
    void aSoundHistoryIsClean() {
        LineAudit.Report report = audit(soundStatuses(), soundStatuses(), soundHolders());
        assertThat(report.clean()).as("%s", report).isTrue();
        assertThat(report.booked()).isEqualTo(2);
        assertThat(report.seatsTaken()).isEqualTo(2);
    }

    @Test
    void aConfirmedTicketTheLedgerForgotIsLost() {
        Map<Ticket, TicketStatus> forgot = soundStatuses();
        forgot.remove(loser);
        LineAudit.Report report = audit(forgot, forgot, soundHolders());
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
        assertThat(report.examples()).anyMatch(e -> e.startsWith("lost: " + loser));
    }

    @Test
    void aTicketStillQueuedIsUndecided() {
        Map<Ticket, TicketStatus> waiting = soundStatuses();
        waiting.put(loser, new TicketStatus.Queued(0, Duration.ZERO));
        LineAudit.Report report = audit(waiting, waiting, soundHolders());
        assertThat(report.undecided()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void twoInstancesReadingATicketTwoWaysDisagree() {
        Map<Ticket, TicketStatus> survivor = soundStatuses();
        survivor.put(loser, new TicketStatus.Failed("gave up"));
        LineAudit.Report report = audit(survivor, soundStatuses(), soundHolders());
        assertThat(report.disagreements()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void twoBookedTicketsForOneSeatAreCaught() {
        Map<Ticket, TicketStatus> twice = soundStatuses();
        twice.put(loser, booked(loser, "A1"));
        LineAudit.Report report = audit(twice, twice, soundHolders());
        assertThat(report.twoWinners()).isEqualTo(1);
        assertThat(report.bookedNotHeld()).as("the second winner does not hold A1").isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aSeatHeldForNoBookedTicketIsStray() {
        Map<String, BookingReference> holders = new HashMap<>(soundHolders());
        holders.put("C1", SharedLine.referenceFor(Ticket.random()));
        LineAudit.Report report = audit(soundStatuses(), soundStatuses(), holders);
        assertThat(report.strayHolders()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aBookedTicketWhoseSeatIsNotHeldIsCaught() {
        LineAudit.Report report = audit(soundStatuses(), soundStatuses(), Map.of("A1", SharedLine.referenceFor(winner)));
        assertThat(report.bookedNotHeld()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aRefusalForASeatNobodyHoldsIsCaught() {
        Map<Ticket, TicketStatus> refusedAll = soundStatuses();
        refusedAll.put(winner, TAKEN);
        LineAudit.Report report = audit(refusedAll, refusedAll, Map.of("B1", SharedLine.referenceFor(other)));
        assertThat(report.refusedButFree()).isEqualTo(2);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aMissingPartIsRejectedByName() {
        assertThatThrownBy(() -> new LineAudit.History(null, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confirmed");
    }
}
