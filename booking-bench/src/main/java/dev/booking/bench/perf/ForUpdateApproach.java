package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Pessimistic locking: in one transaction, {@code SELECT status ... FOR UPDATE}, then the UPDATE if the
 * seat is empty, then COMMIT. Correct, but every caller holds the row lock across two statements and a
 * commit round trip, and a lost race costs a whole transaction.
 *
 * @param pool the pool the library uses too
 * @param sql  the statements
 */
record ForUpdateApproach(DataSource pool, SqlText sql) implements Approach {

    @Override
    public String name() {
        return Variants.FOR_UPDATE;
    }

    @Override
    public Answer book(SeatId seat, UserId user) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Answer answer = lockAndBook(connection, seat, user);
                connection.commit();
                return answer;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true); // the pool would reset it too; be explicit about the hand-back
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SELECT FOR UPDATE booking of " + seat + " failed: " + e.getMessage(), e);
        }
    }

    private Answer lockAndBook(Connection connection, SeatId seat, UserId user) throws SQLException {
        String status = SeatStatusReader.read(connection, sql.lockStatus(), seat);
        if (status == null) {
            return Answer.OTHER;
        }
        if (!SeatStatusReader.EMPTY.equals(status)) {
            return Answer.LOST;
        }
        return SeatStatusReader.overwrite(connection, sql, seat, user.value()) == 1 ? Answer.WON : Answer.LOST;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
