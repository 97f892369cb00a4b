package dev.booking.jdbc.internal;

/**
 * The statement tryBook sends first, and how its answer is read ({@link Form}). Every form books an
 * empty seat exactly as the plain conditional UPDATE ({@link SeatStatements#claim}) does; they differ
 * in what a loser learns from the same round trip.
 *
 * @param sql  the statement
 * @param form how it is bound and how its answer is read
 */
public record TryBookStatement(String sql, Form form) {

    /** How a {@link TryBookStatement} is bound and answers. */
    public enum Form {
        /**
         * The plain conditional UPDATE (owner, reference, show, seat); its update count says only
         * whether it won, so a loser reads the seat in a second statement.
         */
        UPDATE_COUNT,
        /**
         * A query (owner, reference, show, seat, then the show and seat again) that runs the
         * conditional UPDATE and returns one row: {@code won} (1 or 0) followed by the seat's columns
         * ({@link SeatStatements}): as written if it won, else as the statement's snapshot shows it;
         * no row if the seat does not exist.
         */
        ROW,
        /**
         * The conditional UPDATE (owner, reference, show, seat, then the user) whose "the seat is
         * empty" condition reports its verdict through {@code LAST_INSERT_ID(expr)}, which the server
         * returns with the update count (JDBC's generated key): 1 won, 2 live and another user's, 3
         * anything else (the caller's own, or a lapsed hold); no key if no row matched, or if the
         * driver reports no key for an update that changed no row (MySQL Connector/J).
         */
        VERDICT,
        /**
         * A query (owner, reference, show, seat, then the user, the show and the seat) that runs the
         * conditional UPDATE and returns one row of one column: 1 won, else 2 live and another
         * user's, 3 anything else (the caller's own, a lapsed hold, or an empty seat seen by a read
         * older than the write), NULL if the seat does not exist.
         */
        VERDICT_QUERY
    }

    /** Rejects a missing statement or form. */
    public TryBookStatement {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("sql must not be blank");
        }
        if (form == null) {
            throw new IllegalArgumentException("form must not be null");
        }
    }
}
