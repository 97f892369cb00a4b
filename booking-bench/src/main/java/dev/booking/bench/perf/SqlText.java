package dev.booking.bench.perf;

import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.internal.H2Sql;
import dev.booking.jdbc.internal.MariaDbSql;
import dev.booking.jdbc.internal.MySqlSql;
import dev.booking.jdbc.internal.PostgresSql;
import dev.booking.jdbc.internal.SqlDialect;
import dev.booking.jdbc.internal.TableName;

/**
 * The statements the baselines run, derived from the library's own SQL so that "the identical
 * conditional UPDATE" is identical by construction: {@link #claim} is the library's statement, byte for
 * byte, and the naive and pessimistic writes are that statement without its status condition. If the
 * library's statement ever changes shape, {@link #of} fails loudly instead of benchmarking something else.
 *
 * @param table       the table name as the library quotes it
 * @param claim       the library's conditional UPDATE (owner, show, seat)
 * @param overwrite   the same UPDATE without {@code AND status = 'EMPTY'} (owner, show, seat)
 * @param readStatus  {@code SELECT status} of one seat (show, seat)
 * @param lockStatus  {@link #readStatus} with {@code FOR UPDATE}
 * @param deleteShow  removes one show's seats after a run (show)
 */
record SqlText(String table, String claim, String overwrite, String readStatus, String lockStatus, String deleteShow) {

    /** The guard that makes the claim conditional; the naive write is the claim without it. */
    static final String STATUS_CONDITION = " AND status = 'EMPTY'";

    /** The statements for {@code table} in {@code dialect}. */
    static SqlText of(Dialect dialect, String table) {
        return fromClaim(dialectSql(dialect).statements(new TableName(table)).claim());
    }

    /**
     * Derives the baselines' statements from the library's claim.
     *
     * @throws IllegalStateException if the claim is no longer "UPDATE t SET ... WHERE show_id = ? AND
     *                               seat_no = ? AND status = 'EMPTY'"
     */
    static SqlText fromClaim(String claim) {
        int set = claim.indexOf(" SET ");
        String where = " WHERE show_id = ? AND seat_no = ?";
        if (!claim.startsWith("UPDATE ") || set < 0 || !claim.endsWith(where + STATUS_CONDITION)) {
            throw new IllegalStateException("the library's claim statement changed shape; update the benchmark: "
                    + claim);
        }
        String table = claim.substring("UPDATE ".length(), set);
        String readStatus = "SELECT status FROM " + table + where;
        return new SqlText(table, claim, claim.substring(0, claim.length() - STATUS_CONDITION.length()), readStatus,
                readStatus + " FOR UPDATE", "DELETE FROM " + table + " WHERE show_id = ?");
    }

    private static SqlDialect dialectSql(Dialect dialect) {
        // the same dialect classes JdbcSeatRepository builds its statements with
        return switch (dialect) {
            case H2 -> new H2Sql();
            case POSTGRESQL -> new PostgresSql();
            case MARIADB -> new MariaDbSql();
            case MYSQL -> new MySqlSql();
        };
    }
}
