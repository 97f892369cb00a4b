package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The read-then-write the README warns against: {@code SELECT status}, and if it says EMPTY, an UPDATE
 * without the status condition, each in its own autocommit transaction. Two callers that both read EMPTY
 * are both told they won, and the later write silently replaces the earlier owner: a double booking.
 *
 * @param pool      the pool the library uses too
 * @param sql       the statements
 * @param afterRead runs between the read and the write; a no-op except in the test that forces the
 *                  interleaving to show the double booking deterministically
 */
record NaiveApproach(DataSource pool, SqlText sql, Runnable afterRead) implements Approach {

    NaiveApproach(DataSource pool, SqlText sql) {
        this(pool, sql, () -> { });
    }

    @Override
    public String name() {
        return Variants.NAIVE;
    }

    @Override
    public Answer book(SeatId seat, UserId user) {
        try (Connection connection = pool.getConnection()) {
            String status = SeatStatusReader.read(connection, sql.readStatus(), seat);
            if (status == null) {
                return Answer.OTHER;
            }
            if (!SeatStatusReader.EMPTY.equals(status)) {
                return Answer.LOST;
            }
            afterRead.run();
            return SeatStatusReader.overwrite(connection, sql, seat, user.value()) == 1 ? Answer.WON : Answer.LOST;
        } catch (SQLException e) {
            throw new IllegalStateException("naive booking of " + seat + " failed: " + e.getMessage(), e);
        }
    }
}
