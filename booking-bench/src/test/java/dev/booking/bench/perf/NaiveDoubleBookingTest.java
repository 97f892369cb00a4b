package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's baselines on H2, with the interleaving forced where it matters, so the outcome is
 * deterministic: the naive read-then-write gives one seat to two callers whenever both read before
 * either writes; the library and pessimistic locking never do.
 */
class NaiveDoubleBookingTest {

    private SqlBackend backend;
    private final ShowIds shows = new ShowIds();

    @BeforeEach
    void open() {
        backend = SqlBackend.h2(4);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void theNaiveApproachGivesOneSeatToTwoCallersWhenBothReadBeforeEitherWrites() throws Exception {
        SeatId seat = freshSeat();
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        NaiveApproach naive = new NaiveApproach(backend.pool(), backend.sql(), () -> {
            try {
                bothHaveRead.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        List<Answer> answers = race(naive, seat, 2);

        assertThat(answers).containsExactly(Answer.WON, Answer.WON);
        assertThat(backend.repository().findSeat(seat).orElseThrow().owner().value()).isIn("user-0", "user-1");
    }

    @Test
    void theLibraryAndSelectForUpdateGiveTheSeatToExactlyOneOfManyCallers() throws Exception {
        for (String variant : List.of(Variants.LIBRARY, Variants.FOR_UPDATE, Variants.RAW_JDBC)) {
            SeatId seat = freshSeat();
            List<Answer> answers = race(backend.approach(variant), seat, 16);
            assertThat(answers).as(variant).filteredOn(a -> a == Answer.WON).hasSize(1);
            assertThat(answers).as(variant).filteredOn(a -> a == Answer.LOST).hasSize(15);
        }
    }

    @Test
    void theBaselinesRunTheLibrarysOwnStatement() {
        assertThat(backend.sql().claim()).contains("WHERE show_id = ? AND seat_no = ?" + SqlText.STATUS_CONDITION);
        assertThat(backend.sql().overwrite()).doesNotContain("status = 'EMPTY'")
                .endsWith("WHERE show_id = ? AND seat_no = ?");
        assertThat(backend.sql().claim()).startsWith(backend.sql().overwrite() + SqlText.STATUS_CONDITION);
    }

    private SeatId freshSeat() {
        ShowId show = shows.next();
        backend.repository().addSeats(show, List.of("A1"));
        return show.seat("A1");
    }

    private static List<Answer> race(Approach approach, SeatId seat, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier start = new CyclicBarrier(callers);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                UserId user = UserId.of("user-" + i);
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return approach.book(seat, user);
                }));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
