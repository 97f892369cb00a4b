package dev.booking.bench;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcSeatRepository;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The statements the benchmark's baselines run, derived from the library's own SQL so that "the
 * identical conditional UPDATE" is identical by construction: {@link #claim} is
 * {@link JdbcSeatRepository#tryBookSql}, byte for byte, and the naive and pessimistic writes are that
 * statement without its status condition. If the library's statement ever changes shape,
 * {@link #fromClaim} fails loudly instead of benchmarking something else.
 *
 * @param table      the table name as the library quotes it
 * @param claim      the library's conditional UPDATE (owner, reference, show, seat); bind with {@link #bind}
 * @param overwrite  the same UPDATE without its "the seat is free" condition (owner, reference, show, seat)
 * @param readStatus {@code SELECT status} of one seat (show, seat)
 * @param lockStatus {@link #readStatus} with {@code FOR UPDATE}
 * @param deleteShow removes one show's seats after a run (show)
 */
public record SqlText(String table, String claim, String overwrite, String readStatus, String lockStatus,
                      String deleteShow) {

    /**
     * The guard that makes the claim conditional, "the seat is empty", which ends the statement (the
     * library takes a lapsed hold over with a second statement, which the benchmark's seats never
     * have); the naive write is the claim without it.
     */
    public static final String STATUS_CONDITION = " AND status = 'EMPTY'";

    /** The statements for {@code table} in {@code dialect}. */
    public static SqlText of(Dialect dialect, String table) {
        return fromClaim(JdbcSeatRepository.tryBookSql(dialect, table));
    }

    /**
     * Derives the baselines' statements from the library's claim.
     *
     * @throws IllegalStateException if the claim is no longer "UPDATE t SET owner_id = ?, reference = ?, ...
     *                               WHERE show_id = ? AND seat_no = ? AND status = 'EMPTY'"
     */
    public static SqlText fromClaim(String claim) {
        int set = claim.indexOf(" SET ");
        String where = " WHERE show_id = ? AND seat_no = ?";
        int condition = claim.indexOf(where + STATUS_CONDITION);
        if (!claim.startsWith("UPDATE ") || set < 0 || condition < 0 || !claim.endsWith(where + STATUS_CONDITION)
                || !claim.contains("owner_id = ?, reference = ?,")) {
            throw new IllegalStateException("the library's claim statement changed shape; update the benchmark: "
                    + claim);
        }
        String table = claim.substring("UPDATE ".length(), set);
        String readStatus = "SELECT status FROM " + table + where;
        return new SqlText(table, claim, claim.substring(0, condition + where.length()), readStatus,
                readStatus + " FOR UPDATE", "DELETE FROM " + table + " WHERE show_id = ?");
    }

    /**
     * Binds the parameters of {@link #claim} or {@link #overwrite}: the owner, a new reference (as
     * the library generates one per booking), the show and the seat.
     */
    public static void bind(PreparedStatement statement, SeatId seat, String owner) throws SQLException {
        statement.setString(1, owner);
        statement.setString(2, BookingReference.generate().value());
        statement.setString(3, seat.show().value());
        statement.setString(4, seat.number());
    }
}
