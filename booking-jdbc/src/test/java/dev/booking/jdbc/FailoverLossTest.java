package dev.booking.jdbc;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.tck.history.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The async failover audit accepts the loss asynchronous replication allows, and nothing more. */
class FailoverLossTest {

    private static final SeatId SEAT = SeatId.of("show", "1");
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");
    private static final long HOLD_STARTED = 500_000_000L;
    private static final long KILLED = 1_500_000_000L;

    private static Operation booked(int id, UserId user, long invoked, long returned) {
        return new Operation(id, SEAT, Operation.Kind.BOOK, user, Operation.Observed.BOOKED, null, invoked, returned);
    }

    @Test
    void aBookingAcknowledgedInTheWindowMayBeLostAndItsSeatBookedAgain() {
        List<Operation> history = List.of(booked(0, ANN, 900_000_000L, 990_000_000L),
                booked(1, BOB, 2_000_000_000L, 2_100_000_000L));
        FailoverLoss loss = FailoverLoss.audit(history, Map.of(SEAT, BOB), HOLD_STARTED, KILLED);
        assertThat(loss.lost()).extracting(Operation::user).containsExactly(ANN);
        assertThat(loss.seatsToldToTwoUsers()).isEqualTo(1);
        assertThat(loss.acknowledgedBeforeKill()).isEqualTo(1);
    }

    @Test
    void aLossyStandbyThatForgetsWhatItHadReceivedIsCaught() {
        List<Operation> history = List.of(booked(0, ANN, 100_000_000L, 400_000_000L));
        assertThatThrownBy(() -> FailoverLoss.audit(history, Map.of(), HOLD_STARTED, KILLED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("before the standby stopped receiving");
    }

    @Test
    void aLossyPromotedServerThatForgetsWhatItAcknowledgedItselfIsCaught() {
        List<Operation> history = List.of(booked(0, ANN, 2_000_000_000L, 2_100_000_000L));
        assertThatThrownBy(() -> FailoverLoss.audit(history, Map.of(), HOLD_STARTED, KILLED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("acknowledged after the old primary was dead");
    }

    @Test
    void anOwnerWhoNeverAskedIsCaught() {
        List<Operation> history = List.of(booked(0, ANN, 900_000_000L, 990_000_000L));
        assertThatThrownBy(() -> FailoverLoss.audit(history, Map.of(SEAT, BOB), HOLD_STARTED, KILLED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("users who asked for");
    }
}
