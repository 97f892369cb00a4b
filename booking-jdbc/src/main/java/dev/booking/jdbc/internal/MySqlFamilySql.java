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
