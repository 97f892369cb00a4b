package dev.booking.jdbc.internal;

/** PostgreSQL: {@code timestamptz} and {@code ON CONFLICT DO NOTHING}. */
public final class PostgresSql extends SqlDialect {

    @Override
    protected String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected String now() {
        return "CURRENT_TIMESTAMP";
    }

    @Override
    protected String insertIfAbsent(String table) {
        return "INSERT INTO " + table + " " + emptySeatColumns() + " VALUES " + emptySeatValues()
                + " ON CONFLICT (show_id, seat_no) DO NOTHING";
    }
}
