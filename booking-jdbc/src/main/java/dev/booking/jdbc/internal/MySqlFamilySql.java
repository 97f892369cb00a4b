package dev.booking.jdbc.internal;

/**
 * What MariaDB and MySQL share: backtick quoting, {@code DATETIME(6)} holding UTC written by
 * {@code UTC_TIMESTAMP(6)} (independent of the session time zone), and
 * {@code ON DUPLICATE KEY UPDATE} with a no-op assignment. {@code INSERT IGNORE} is avoided on
 * purpose: it would also turn real errors, such as truncation, into warnings.
 *
 * <p>{@code hold_until} is UTC in {@code DATETIME(6)} as well; it is read back as microseconds
 * since 1970-01-01 00:00:00 by {@code TIMESTAMPDIFF}, which involves no time zone at all.
 */
public abstract class MySqlFamilySql extends SqlDialect {

    @Override
    protected final String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    protected final String now() {
        return "UTC_TIMESTAMP(6)";
    }

    @Override
    protected final String holdUntil() {
        return clock() + " + INTERVAL ? MICROSECOND";
    }

    /**
     * tryBook in one round trip whether it wins or loses, without {@code RETURNING} (MySQL has none;
     * MariaDB's is for INSERT and DELETE) and without a second statement in the same packet (that
     * needs {@code allowMultiQueries}, a connection option the application owns): the conditional
     * UPDATE itself, whose "the seat is empty" condition is written as the {@link #verdict} put into
     * {@code LAST_INSERT_ID(expr)} and compared with 1. The server evaluates it on the row it found
     * by the primary key (the latest version, under the row lock), and sends the value back with the
     * update count, whether the row was changed or not; JDBC returns it as the generated key. The
     * SET list, and what a winner writes, are exactly those of the plain UPDATE, and a loser's row is
     * not matched at all, so nothing is written for it. (An earlier form matched the row in any state
     * and wrote a loser's values back unchanged; on MariaDB that made every loser take twice as long
     * under the hot seat's row lock.)
     */
    @Override
    protected final TryBookStatement tryBook(String table, String claim) {
        if (!claim.endsWith(" AND " + EMPTY)) {
            throw new IllegalStateException("the claim no longer ends in its condition: " + claim);
        }
        return new TryBookStatement(claim.substring(0, claim.length() - EMPTY.length())
                + "LAST_INSERT_ID(" + verdict() + ") = 1", TryBookStatement.Form.VERDICT);
    }

    @Override
    protected final String epochMicros(String column) {
        return "TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', " + column + ")";
    }

    @Override
    protected final String insertIfAbsent(String table) {
        return "INSERT INTO " + table + " " + emptySeatColumns() + " VALUES " + emptySeatValues()
                + " ON DUPLICATE KEY UPDATE show_id = show_id";
    }

    @Override
    protected final String insertReferenceIfAbsent(String table) {
        return "INSERT INTO " + table + " " + referenceColumns() + " VALUES (?, ?, ?, ?, " + now() + ")"
                + " ON DUPLICATE KEY UPDATE reference = reference";
    }

    @Override
    protected final String fromEpochMicros() {
        return "TIMESTAMPADD(MICROSECOND, ?, TIMESTAMP '1970-01-01 00:00:00')";
    }
}
