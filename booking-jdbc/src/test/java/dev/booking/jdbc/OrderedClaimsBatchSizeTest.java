package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingEvent;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest batch, spread over two shows and more seats per show than one statement binds: every
 * statement of the batch is split into chunks, and the batch still answers, stores and tells each
 * request in order. Rule 27 of the kit checks what a batch answers; this checks the sizes it must
 * carry.
 */
class OrderedClaimsBatchSizeTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void theLargestBatchOverTwoShowsIsDecidedStoredAndToldInOrder(TestDatabase database) {
        try (HikariDataSource pool = database.pool(2)) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, getClass());
            List<BookingEvent> heard = new CopyOnWriteArrayList<>();
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).listener(heard::add).build();
            try {
                seats.createSchema();
                List<ShowId> shows = List.of(ShowId.of("batch-size-a"), ShowId.of("batch-size-b"));
                // 500 one-seat and 500 two-seat requests: 750 seats per show, over the 500 one statement binds
                List<ClaimRequest> batch = new ArrayList<>();
                for (int i = 0; i < OrderedClaims.MAX_BATCH; i++) {
                    ShowId show = shows.get(i % 2);
                    UserId user = UserId.of("user-" + i);
                    batch.add(i % 4 < 2 ? ClaimRequest.book(show, user, "S" + i)
                            : ClaimRequest.hold(show, user, Duration.ofMinutes(30), "S" + i, "T" + i));
                }
                for (ShowId show : shows) {
                    seats.addSeats(show, batch.stream().filter(request -> request.show().equals(show))
                            .flatMap(request -> request.seatNumbers().stream()).toList());
                }

                List<ClaimResult> answers = seats.claimInOrder(batch);

                assertThat(answers).hasSize(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    ClaimResult.Claimed claimed = (ClaimResult.Claimed) answers.get(i);
                    assertThat(claimed.reference()).as("answer #%d", i).isEqualTo(batch.get(i).reference());
                    assertThat(claimed.seats()).isEqualTo(batch.get(i).seats());
                }
                assertThat(heard).extracting(BookingEvent::reference).as("events, in request order")
                        .isEqualTo(batch.stream().map(ClaimRequest::reference).toList());
                for (ShowId show : shows) {
                    List<SeatState> stored = seats.listSeats(show);
                    assertThat(stored).hasSize(750).allSatisfy(state -> assertThat(state.isEmpty()).isFalse());
                }
                assertThat(seats.claimInOrder(batch)).as("the batch sent again: every request a replay")
                        .isEqualTo(answers);
                assertThat(heard).as("events after the replays").hasSize(batch.size());
            } finally {
                TestTables.drop(pool, dialect, table);
            }
        }
    }
}
