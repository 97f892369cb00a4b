package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches that race to bind the same new references to different claims: each reference ends
 * bound to exactly one of them, whose seats it carries, and every other batch hears
 * {@code ReferenceInUse} for it with nothing of its claim written. On PostgreSQL this is the path
 * where the insert of the bindings meets a concurrent one at the primary key and the batch is
 * decided afresh.
 */
class OrderedClaimsReferenceRaceTest {

    private static final int BATCHES = 4;
    private static final int REFERENCES = 64;

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of(TestDatabase.H2, null), Arguments.of(TestDatabase.POSTGRESQL, null),
                Arguments.of(TestDatabase.POSTGRESQL, Isolation.SERIALIZABLE), Arguments.of(TestDatabase.MARIADB, null));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eachContestedReferenceIsBoundToOneBatchsClaimAndRefusedToTheOthers(TestDatabase database,
                                                                             Isolation isolation) {
        try (HikariDataSource pool = database.pool(BATCHES + 1)) {
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            String table = TestTables.fresh(pool, dialect, getClass());
            JdbcSeatRepository.Builder builder = JdbcSeatRepository.builder(pool).table(table);
            JdbcSeatRepository seats = (isolation == null ? builder : builder.isolation(isolation)).build();
            try {
                seats.createSchema();
                ShowId show = ShowId.of("reference-race");
                List<String> numbers = new ArrayList<>();
                for (int b = 0; b < BATCHES; b++) {
                    for (int r = 0; r < REFERENCES; r++) {
                        numbers.add(seat(b, r));
                    }
                }
                seats.addSeats(show, numbers);

                // batch b claims its own seat under every shared reference; the batches send them in
                // different orders, so the bindings meet in every order
                List<Race.Attempt<List<ClaimResult>>> attempts = Race.run(BATCHES, b -> () -> {
                    List<ClaimRequest> batch = new ArrayList<>();
                    for (int i = 0; i < REFERENCES; i++) {
                        int r = b % 2 == 0 ? i : REFERENCES - 1 - i;
                        batch.add(ClaimRequest.book(show, UserId.of("user-" + b), seat(b, r))
                                .withReference(reference(r)));
                    }
                    return seats.claimInOrder(batch);
                }, Duration.ofMinutes(3));

                Map<SeatId, SeatState> stored = seats.listSeats(show).stream()
                        .collect(Collectors.toMap(SeatState::seat, state -> state));
                for (int r = 0; r < REFERENCES; r++) {
                    int winners = 0;
                    for (int b = 0; b < BATCHES; b++) {
                        Race.Attempt<List<ClaimResult>> attempt = attempts.get(b);
                        assertThat(attempt.failure()).as("batch %d", b).isNull();
                        int i = b % 2 == 0 ? r : REFERENCES - 1 - r;
                        ClaimResult answer = attempt.value().get(i);
                        SeatState state = stored.get(show.seat(seat(b, r)));
                        if (answer instanceof ClaimResult.Claimed claimed) {
                            winners++;
                            assertThat(claimed.reference()).isEqualTo(reference(r));
                            assertThat(state.reference()).as("seat of the winner of %s", reference(r))
                                    .isEqualTo(reference(r));
                        } else {
                            assertThat(answer).as("batch %d, %s", b, reference(r))
                                    .isEqualTo(new ClaimResult.ReferenceInUse(reference(r)));
                            assertThat(state.isEmpty()).as("seat of a loser of %s", reference(r)).isTrue();
                        }
                    }
                    assertThat(winners).as("winners of %s", reference(r)).isEqualTo(1);
                }
            } finally {
                TestTables.drop(pool, dialect, table);
            }
        }
    }

    private static String seat(int batch, int reference) {
        return "B" + batch + "-" + reference;
    }

    private static BookingReference reference(int r) {
        return BookingReference.of("shared-" + r);
    }
}
