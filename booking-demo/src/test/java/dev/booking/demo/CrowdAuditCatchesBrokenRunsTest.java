package dev.booking.demo;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser suites' crowd check, shown to pass a sound run and to fail each kind of broken one. */
class CrowdAuditCatchesBrokenRunsTest {

    private static final ShowId SHOW = ShowId.of("audit");

    @Test
    void aSoundRunHasNoProblems() {
        assertThat(CrowdAudit.problems(10, new CrowdAudit.Shown(10, 2, 7, 1, 0, 0),
                List.of(booked("A1", "crowd-1-user-0001"), booked("A2", "crowd-1-user-0002"), empty("A3"))))
                .isEmpty();
    }

    @Test
    void aLostAnswerIsCaught() {
        assertThat(CrowdAudit.problems(10, new CrowdAudit.Shown(10, 2, 6, 1, 0, 0),
                List.of(booked("A1", "crowd-1-user-0001"), booked("A2", "crowd-1-user-0002"))))
                .containsExactly("winners + refused + busy = 9, not 10");
    }

    @Test
    void aWinnerTheDatabaseDoesNotHoldIsCaught() {
        assertThat(CrowdAudit.problems(10, new CrowdAudit.Shown(10, 3, 6, 1, 0, 0),
                List.of(booked("A1", "crowd-1-user-0001"), booked("A2", "crowd-1-user-0002"))))
                .containsExactly("2 seats booked in the database, but the page counts 3 winners");
    }

    @Test
    void aUserBookedTwiceIsCaught() {
        assertThat(CrowdAudit.problems(10, new CrowdAudit.Shown(10, 2, 7, 1, 0, 0),
                List.of(booked("A1", "crowd-1-user-0001"), booked("A2", "crowd-1-user-0001"))))
                .containsExactly("crowd-1-user-0001 owns more than one seat");
    }

    @Test
    void pendingFailedHeldAndStrangersAreCaught() {
        SeatState held = new SeatState(SHOW.seat("A3"), SeatStatus.HELD, UserId.of("crowd-1-user-0003"),
                BookingReference.of("r-A3"), Instant.now().plusSeconds(60), 1);
        assertThat(CrowdAudit.problems(10, new CrowdAudit.Shown(9, 1, 7, 1, 1, 1),
                List.of(booked("A1", "mallory"), held)))
                .containsExactlyInAnyOrder("submitted 9, not 10", "1 still pending", "1 failed",
                        "winners + refused + busy = 9, not 10", "a seat is held: the crowd only books",
                        "A1 is owned by mallory, who is not in the crowd");
    }

    private static SeatState booked(String seat, String owner) {
        return new SeatState(SHOW.seat(seat), SeatStatus.BOOKED, UserId.of(owner), BookingReference.of("r-" + seat),
                null, 1);
    }

    private static SeatState empty(String seat) {
        return SeatState.empty(SHOW.seat(seat));
    }
}
