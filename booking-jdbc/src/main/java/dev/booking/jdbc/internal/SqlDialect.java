package dev.booking.jdbc.internal;

/**
 * The SQL of one database. What all databases share is written here once; each subclass supplies
 * only what differs: "insert unless present" and, where the standard does not fit, identifier
 * quoting and the clock expression.
 *
 * <p>The only thing ever spliced into a statement is the table name, which
 * {@link TableName} has validated; every value is a bind parameter.
 */
public abstract class SqlDialect {

    /**
     * Quotes an identifier so that reserved words work and case is kept; by default with the SQL
     * standard's double quotes.
     */
    protected String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /**
     * An expression for the database's current time, stored unambiguously (UTC or with offset); by
     * default {@code CURRENT_TIMESTAMP}, an instant when stored in a {@code TIMESTAMP WITH TIME ZONE}.
     */
    protected String now() {
        return "CURRENT_TIMESTAMP";
    }

    /**
     * An INSERT of one empty seat (parameters: show, seat) that leaves an existing row untouched
     * and does not fail on it.
     */
    protected abstract String insertIfAbsent(String table);

    /** The statements for one table. */
    public final SqlStatements statements(TableName table) {
        String t = quote(table.value());
        return new SqlStatements(
                "UPDATE " + t + " SET status = 'BOOKED', owner_id = ?, version = version + 1, updated_at = " + now()
                        + " WHERE show_id = ? AND seat_no = ? AND status = 'EMPTY'",
                "SELECT show_id, seat_no, status, owner_id, version FROM " + t + " WHERE show_id = ? AND seat_no = ?",
                "SELECT show_id, seat_no, status, owner_id, version FROM " + t + " WHERE show_id = ?",
                insertIfAbsent(t));
    }

    /** The columns and values of a new empty seat, shared by the INSERT variants. */
    protected final String emptySeatColumns() {
        return "(show_id, seat_no, status, owner_id, version, updated_at)";
    }

    /** The values of a new empty seat for {@link #emptySeatColumns()}, from two parameters. */
    protected final String emptySeatValues() {
        return "(?, ?, 'EMPTY', NULL, 0, " + now() + ")";
    }
}
