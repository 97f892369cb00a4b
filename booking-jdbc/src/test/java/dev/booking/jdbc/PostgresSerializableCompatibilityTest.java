package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL at SERIALIZABLE: the losers of a race are aborted with SQLState 40001 instead of
 * updating 0 rows. With the retry policy the whole kit must still hold (every loser ends up as
 * {@code Taken}); without it, the abort surfaces as a classified {@link BookingException}.
 */
class PostgresSerializableCompatibilityTest extends JdbcCompatibilitySuite {

    /** Enough attempts for 1000 racers whose losers are aborted instead of updating nothing. */
    static final RetryPolicy SERIALIZATION_RETRY = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(50));

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    JdbcSeatRepository.Builder configure(JdbcSeatRepository.Builder builder) {
        return builder.isolation(Isolation.SERIALIZABLE).retry(SERIALIZATION_RETRY);
    }

    @Test
    void aConcurrentCommitAbortsTheClaimWith40001AndTheRetryTurnsItIntoTaken() throws Exception {
        SeatId seat = show().seat("S1");
        repository().addSeats(show(), List.of("S1", "S2"));
        assertThat(conflictingClaim(jdbcRepository(), seat)).isEqualTo(new BookingResult.Taken(seat));

        JdbcSeatRepository withoutRetry = JdbcSeatRepository.builder(dataSource())
                .table(jdbcRepository().table())
                .isolation(Isolation.SERIALIZABLE)
                .build();
        SeatId other = show().seat("S2");
        assertThatThrownBy(() -> conflictingClaim(withoutRetry, other))
                .isInstanceOf(BookingException.class)
                .satisfies(e -> assertThat(((BookingException) e).failure())
                        .isEqualTo(BookingException.Failure.TRANSIENT_CONFLICT))
                .hasRootCauseInstanceOf(SQLException.class)
                .hasMessageContaining("40001");
        assertThat(repository().findSeat(other).orElseThrow().owner()).isEqualTo(UserId.of("rival"));
    }

    /**
     * Another transaction books the seat but does not commit yet; the claim blocks on the row lock;
     * then the rival commits, and at SERIALIZABLE the claim is aborted with 40001.
     */
    private BookingResult conflictingClaim(JdbcSeatRepository repository, SeatId seat) throws Exception {
        try (Connection rival = dataSource().getConnection()) {
            rival.setAutoCommit(false);
            try (PreparedStatement update = rival.prepareStatement("UPDATE \"" + repository.table()
                    + "\" SET status = 'BOOKED', owner_id = 'rival', reference = 'rival-booking', version = version + 1"
                    + " WHERE show_id = ? AND seat_no = ?")) {
                update.setString(1, seat.show().value());
                update.setString(2, seat.number());
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<BookingResult> claim =
                    CompletableFuture.supplyAsync(() -> repository.tryBook(seat, UserId.of("late")));
            awaitLockWait(seat.show());
            rival.commit();
            try {
                return claim.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
    }

    /** Waits until some session waits for a row lock, so that the commit surely comes after the claim started. */
    private void awaitLockWait(ShowId show) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection observer = dataSource().getConnection();
             PreparedStatement waiting = observer.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("the claim on " + show + " never waited for the rival's row lock");
    }
}
