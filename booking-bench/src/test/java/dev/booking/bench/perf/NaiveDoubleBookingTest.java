package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.bench.SqlText;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's baselines on H2, with the interleaving forced where it matters, so the outcome is
 * deterministic: the naive read-then-write gives one seat to two callers whenever both read before
 * either writes; the library and pessimistic locking never do.
 */
class NaiveDoubleBookingTest {

    private SqlStore store;
    private final ShowIds shows = new ShowIds("test");

    @BeforeEach
    void open() {
        store = SqlStore.open(SqlStore.h2Url("naive-double-booking-test"), null, null, 4, "naive_test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theNaiveApproachGivesOneSeatToTwoCallersWhenBothReadBeforeEitherWrites() {
        SeatId seat = freshSeat();
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        Approach naive = SqlBaselines.naive(store.pool(), store.statements(), () -> {
            try {
                bothHaveRead.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        List<Answer> answers = race(naive, seat, 2);

        assertThat(answers).containsExactly(Answer.WON, Answer.WON);
        assertThat(store.repository().findSeat(seat).orElseThrow().owner().value()).isIn("user-0", "user-1");
    }

    @Test
    void theLibraryAndSelectForUpdateGiveTheSeatToExactlyOneOfManyCallers() {
        for (Approach approach : Approach.on(store)) {
            if (approach.name().equals(Variants.NAIVE)) {
                continue;
            }
            SeatId seat = freshSeat();
            List<Answer> answers = race(approach, seat, 16);
            assertThat(answers).as(approach.name()).filteredOn(a -> a == Answer.WON).hasSize(1);
            assertThat(answers).as(approach.name()).filteredOn(a -> a == Answer.LOST).hasSize(15);
        }
    }

    @Test
    void theBaselinesRunTheLibrarysOwnStatement() {
        assertThat(Approach.on(store)).extracting(Approach::name)
                .containsExactly(Variants.LIBRARY, Variants.OUTBOX, Variants.RAW_JDBC, Variants.NAIVE,
                        Variants.FOR_UPDATE);
        SqlText sql = store.statements();
        assertThat(sql.claim()).isEqualTo(store.repository().tryBookSql());
        assertThat(sql.overwrite()).doesNotContain("status = 'EMPTY'").endsWith("WHERE show_id = ? AND seat_no = ?");
        assertThat(sql.claim()).startsWith(sql.overwrite() + SqlText.STATUS_CONDITION);
    }

    private SeatId freshSeat() {
        ShowId show = shows.next();
        store.repository().addSeats(show, List.of("A1"));
        return show.seat("A1");
    }

    private static List<Answer> race(Approach approach, SeatId seat, int callers) {
        return Race.run(callers, caller -> () -> approach.book(seat, UserId.of("user-" + caller)), Duration.ofSeconds(30))
                .stream().map(attempt -> attempt.failure() == null ? attempt.value() : Answer.FAILED).toList();
    }
}
