package dev.booking.jdbc.internal;

/**
 * PostgreSQL: {@code timestamptz} and {@code ON CONFLICT DO NOTHING}. Holds are set and judged by
 * {@code statement_timestamp()}, not {@code CURRENT_TIMESTAMP}: the latter is frozen at the start
 * of the transaction, and a transaction that waited for a lock would judge holds by a time already
 * past.
 */
public final class PostgresSql extends SqlDialect {

    @Override
    protected String clock() {
        return "statement_timestamp()";
    }

    @Override
    protected String holdUntil() {
        // a pure microsecond interval: added as elapsed time, never as calendar days of the session's zone
        return clock() + " + CAST(? AS BIGINT) * INTERVAL '1 microsecond'";
    }

    @Override
    protected String insertIfAbsent(String table) {
        return "INSERT INTO " + table + " " + emptySeatColumns() + " VALUES " + emptySeatValues()
                + " ON CONFLICT (show_id, seat_no) DO NOTHING";
    }

    @Override
    protected String insertReferenceIfAbsent(String table) {
        return "INSERT INTO " + table + " " + referenceColumns() + " VALUES (?, ?, ?, ?, " + now() + ")"
                + " ON CONFLICT (reference) DO NOTHING";
    }
}
