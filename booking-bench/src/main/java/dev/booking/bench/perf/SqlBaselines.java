package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.SqlText;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL baselines, what users write instead of the library: each on the library's own pool and
 * table, with statements derived from the library's own ({@link SqlText}).
 */
final class SqlBaselines {

    /** The status of a free seat, as the schema stores it. */
    private static final String EMPTY = "EMPTY";

    private SqlBaselines() {
    }

    /**
     * Plain JDBC running the library's conditional UPDATE and nothing else: what the library costs on
     * top of its one statement. A lost race is one statement here and two in the library (which then
     * reads the seat to tell "taken" from "already yours"), so only the distinct-seats figures compare
     * like with like.
     */
    static Approach rawJdbc(DataSource pool, SqlText sql) {
        return new Approach(Variants.RAW_JDBC, (seat, user) -> {
            try (Connection connection = pool.getConnection();
                 PreparedStatement claim = connection.prepareStatement(sql.claim())) {
                SqlText.bind(claim, seat, user.value());
                return claim.executeUpdate() == 1 ? Answer.WON : Answer.LOST;
            } catch (SQLException e) {
                throw new IllegalStateException("raw JDBC claim of " + seat + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The read-then-write the README warns against: {@code SELECT status}, and if it says EMPTY, an
     * UPDATE without the status condition, each in its own autocommit transaction. Two callers that
     * both read EMPTY are both told they won, and the later write silently replaces the earlier owner.
     *
     * @param afterRead runs between the read and the write; a no-op except in the test that forces the
     *                  interleaving to show the double booking deterministically
     */
    static Approach naive(DataSource pool, SqlText sql, Runnable afterRead) {
        return new Approach(Variants.NAIVE, (seat, user) -> {
            try (Connection connection = pool.getConnection()) {
                String status = readStatus(connection, sql.readStatus(), seat);
                if (!EMPTY.equals(status)) {
                    return status == null ? Answer.OTHER : Answer.LOST;
                }
                afterRead.run();
                return overwrite(connection, sql, seat, user);
            } catch (SQLException e) {
                throw new IllegalStateException("naive booking of " + seat + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Pessimistic locking: in one transaction, {@code SELECT status ... FOR UPDATE}, then the UPDATE
     * if the seat is empty, then COMMIT. Correct, but every caller holds the row lock across two
     * statements and a commit round trip, and a lost race costs a whole transaction.
     */
    static Approach forUpdate(DataSource pool, SqlText sql) {
        return new Approach(Variants.FOR_UPDATE, (seat, user) -> {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    String status = readStatus(connection, sql.lockStatus(), seat);
                    Answer answer = EMPTY.equals(status) ? overwrite(connection, sql, seat, user)
                            : status == null ? Answer.OTHER : Answer.LOST;
                    connection.commit();
                    return answer;
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                } finally {
                    connection.setAutoCommit(true); // the pool would reset it too; be explicit about the hand-back
                }
            } catch (SQLException e) {
                throw new IllegalStateException("SELECT FOR UPDATE booking of " + seat + " failed: " + e.getMessage(),
                        e);
            }
        });
    }

    /**
     * A group booked by hand, as users write it: in one transaction, {@code SELECT status ... FOR UPDATE}
     * each seat in the order the user picked them, stopping (and rolling back) at the first that is not
     * empty; then the unconditional UPDATE of each seat, under the request's owner and reference; COMMIT.
     * Correct, all or nothing, but two groups that share seats and were picked in different orders can
     * lock each other's rows in opposite orders: the database then aborts one as a deadlock victim. That
     * error reaches the caller as an exception and is NOT retried here (the hand-written code has no
     * retry loop), so the benchmark counts it.
     */
    static GroupApproach forUpdateGroup(DataSource pool, SqlText sql) {
        return new GroupApproach(Variants.FOR_UPDATE, (request, picked) -> {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Answer answer = lockAndBook(connection, sql, request, picked);
                    if (answer == Answer.WON) {
                        connection.commit();
                    } else {
                        connection.rollback(); // nothing was written; end the transaction and its locks
                    }
                    return answer;
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("SELECT FOR UPDATE group booking of " + picked + " failed: "
                        + e.getMessage(), e); // the cause keeps the SQLState the run classifies by
            }
        }, true);
    }

    private static Answer lockAndBook(Connection connection, SqlText sql, ClaimRequest request, List<SeatId> picked)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql.lockStatus())) {
            for (SeatId seat : picked) {
                lock.setString(1, seat.show().value());
                lock.setString(2, seat.number());
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        return Answer.OTHER;
                    }
                    if (!EMPTY.equals(row.getString(1))) {
                        return Answer.LOST;
                    }
                }
            }
        }
        try (PreparedStatement write = connection.prepareStatement(sql.overwrite())) {
            for (SeatId seat : picked) {
                write.setString(1, request.user().value());
                write.setString(2, request.reference().value()); // one reference for the group, as claim stores it
                write.setString(3, seat.show().value());
                write.setString(4, seat.number());
                if (write.executeUpdate() != 1) {
                    throw new SQLException("the locked seat " + seat + " was not updated");
                }
            }
        }
        return Answer.WON;
    }

    /** Runs {@code select} (parameters: show, seat); returns the status, or null if there is no such seat. */
    private static String readStatus(Connection connection, String select, SeatId seat) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(select)) {
            read.setString(1, seat.show().value());
            read.setString(2, seat.number());
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Runs the unconditional UPDATE: whoever writes last is stored, whatever the others were told. */
    private static Answer overwrite(Connection connection, SqlText sql, SeatId seat, UserId user) throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(sql.overwrite())) {
            SqlText.bind(write, seat, user.value());
            return write.executeUpdate() == 1 ? Answer.WON : Answer.LOST;
        }
    }
}
