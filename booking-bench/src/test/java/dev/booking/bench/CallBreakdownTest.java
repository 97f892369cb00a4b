package dev.booking.bench;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot seat's breakdown of each call: the timing data source counts every statement a call
 * executes and the time it waited for its connection, and the parts add up to the call.
 */
class CallBreakdownTest {

    private static final int CALLERS = 20;

    @Test
    void theLibrarysLosersOnH2ReadInASecondStatementAndTheWinnerDoesNot() {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("call-breakdown-library"), null, null, 4, "call_breakdown")) {
            ShowId show = ShowId.of("breakdown-library");
            store.addEmptySeats(show, 1);
            SeatId seat = ShowIds.seats(show, 1).get(0);

            Round round = Round.run(CALLERS, caller -> Answer.of(store.timedRepository().tryBook(seat,
                    UserId.of("caller-" + caller))), Duration.ofSeconds(60), new ErrorTally(), null);

            assertThat(round.answers()).filteredOn(answer -> answer == Answer.WON).hasSize(1);
            CallBreakdown calls = round.breakdown();
            assertThat(calls.calls()).isEqualTo(CALLERS);
            // on H2 the winner sends the UPDATE alone; every loser also reads the seat
            assertThat(calls.statements()).isEqualTo(1 + 2L * (CALLERS - 1));
            assertPartsAddUp(calls);
            assertThat(store.repository().findSeat(seat).orElseThrow().owner()).isNotNull();
        }
    }

    @Test
    void aRawStatementCountsOnceAndItsWaitForTheConnectionIsPoolTime() throws Exception {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("call-breakdown-raw"), null, null, 1, "call_breakdown")) {
            ShowId show = ShowId.of("breakdown-raw");
            store.addEmptySeats(show, 1);
            SeatId seat = ShowIds.seats(show, 1).get(0);
            Duration held = Duration.ofMillis(50);

            // the pool's only connection is held until every caller waits for it, and 50 ms longer
            Round round;
            try (Connection blocker = store.pool().getConnection()) {
                Thread release = new Thread(() -> closeOnceAllWait(store, blocker, 4, held));
                release.start();
                round = Round.run(4, caller -> rawClaim(store, seat, "caller-" + caller), Duration.ofSeconds(60),
                        new ErrorTally(), null);
                release.join();
            }

            assertThat(round.answers()).containsOnly(Answer.WON, Answer.LOST);
            CallBreakdown calls = round.breakdown();
            assertThat(calls.statements()).isEqualTo(4);
            assertThat(calls.poolMicros().getMinValue()).as("every caller waited for the held connection")
                    .isGreaterThanOrEqualTo(held.toNanos() / 1000);
            assertPartsAddUp(calls);
        }
    }

    @Test
    void callsAwayFromTheTimedPoolCountNoStatements() {
        Round round = Round.run(CALLERS, caller -> Answer.LOST, Duration.ofSeconds(60), new ErrorTally(), null);

        assertThat(round.breakdown().calls()).isEqualTo(CALLERS);
        assertThat(round.breakdown().statements()).isZero();
        assertThat(round.breakdown().poolMicros().getMaxValue()).isZero();
        assertThat(round.breakdown().statementMicros().getMaxValue()).isZero();
    }

    @Test
    void breakdownsOfSeveralRoundsAddUp() {
        List<Round> rounds = Round.run(5, 3, (r, caller) -> Answer.LOST, Duration.ofSeconds(60), new ErrorTally(), null);

        CallBreakdown all = rounds.stream().map(Round::breakdown).reduce(CallBreakdown.empty(), CallBreakdown::plus);

        assertThat(all.calls()).isEqualTo(15);
        assertThat(all.startMicros().getTotalCount()).isEqualTo(15);
    }

    /** Pool, statements and rest are recorded once per call and none exceeds the call itself. */
    private static void assertPartsAddUp(CallBreakdown calls) {
        for (var part : List.of(calls.startMicros(), calls.poolMicros(), calls.statementMicros(), calls.restMicros())) {
            assertThat(part.getTotalCount()).isEqualTo(calls.calls());
        }
        long slowestCall = calls.callMicros().getMaxValue();
        assertThat(calls.poolMicros().getMaxValue()).isLessThanOrEqualTo(slowestCall);
        assertThat(calls.statementMicros().getMaxValue()).isLessThanOrEqualTo(slowestCall);
        assertThat(calls.restMicros().getMaxValue()).isLessThanOrEqualTo(slowestCall);
    }

    private static Answer rawClaim(SqlStore store, SeatId seat, String owner) {
        try (Connection connection = store.timedPool().getConnection();
             PreparedStatement claim = connection.prepareStatement(store.statements().claim())) {
            SqlText.bind(claim, seat, owner);
            return claim.executeUpdate() == 1 ? Answer.WON : Answer.LOST;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes {@code connection} {@code wait} after {@code callers} threads started waiting for the pool. */
    private static void closeOnceAllWait(SqlStore store, Connection connection, int callers, Duration wait) {
        HikariPoolMXBean pool = ((HikariDataSource) store.pool()).getHikariPoolMXBean();
        try {
            while (pool.getThreadsAwaitingConnection() < callers) {
                Thread.sleep(1);
            }
            Thread.sleep(wait.toMillis());
            connection.close();
        } catch (InterruptedException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
