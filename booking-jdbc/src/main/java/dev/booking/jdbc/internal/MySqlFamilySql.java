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
     * needs {@code allowMultiQueries}, a connection option the application owns): one UPDATE that
     * matches the seat whatever its state, changes it only if it is empty, and first evaluates a
     * verdict into {@code LAST_INSERT_ID(expr)}, which the server sends back with the update count
     * and JDBC returns as the generated key. The assignments run left to right on MySQL and
     * MariaDB, and each tests {@code status}, which is assigned last, so they also hold under
     * MariaDB's {@code SIMULTANEOUS_ASSIGNMENT}. A loser's row is left exactly as it was, so
     * nothing is written; its row lock is the one the conditional UPDATE takes under REPEATABLE
     * READ too.
     */
    @Override
    protected final TryBookStatement tryBook(String table, String claim) {
        String empty = "status = 'EMPTY'";
        return new TryBookStatement("UPDATE " + table + " SET version = version + IF(LAST_INSERT_ID(CASE WHEN "
                + empty + " THEN 1 WHEN " + live() + " AND owner_id <> ? THEN 2 ELSE 3 END) = 1, 1, 0),"
                + " owner_id = IF(" + empty + ", ?, owner_id), reference = IF(" + empty + ", ?, reference),"
                + " hold_until = IF(" + empty + ", NULL, hold_until),"
                + " updated_at = IF(" + empty + ", " + now() + ", updated_at),"
                + " status = IF(" + empty + ", 'BOOKED', status) WHERE show_id = ? AND seat_no = ?",
                TryBookStatement.Form.VERDICT);
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
