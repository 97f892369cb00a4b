package dev.booking.jdbc.internal;

/** PostgreSQL: {@code timestamptz} and {@code ON CONFLICT DO NOTHING}. */
public final class PostgresSql extends SqlDialect {

    @Override
    protected String insertIfAbsent(String table) {
        return "INSERT INTO " + table + " " + emptySeatColumns() + " VALUES " + emptySeatValues()
                + " ON CONFLICT (show_id, seat_no) DO NOTHING";
    }
}
