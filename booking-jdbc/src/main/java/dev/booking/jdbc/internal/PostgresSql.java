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

    /**
     * Arrays bound as {@code text[]} and {@code bigint[]}, unnested and joined on the primary keys
     * (or the reference index), so that every batch size shares one prepared statement and each
     * element is an index lookup even on a table whose statistics are those of its empty start.
     * The parameters take the database's default collation, which yields to the columns'
     * {@code "C"}, so the joins use the indexes.
     */
    @Override
    protected BatchStatements.ArrayStatements arrayStatements(String table, String references) {
        String columns = seatColumns();
        String free = "(t.status = 'EMPTY' OR (t.status = 'HELD' AND t.hold_until <= " + clock() + "))";
        String ofReferences = " FROM unnest(CAST(? AS TEXT[])) AS x(r) JOIN " + table + " t ON t.reference = x.r"
                + " WHERE t.reference IS NOT NULL";
        return new BatchStatements.ArrayStatements(
                "SELECT " + columns + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v(s, n)"
                        + " JOIN " + table + " t ON t.show_id = v.s AND t.seat_no = v.n"
                        + " ORDER BY t.show_id, t.seat_no FOR UPDATE OF t",
                "SELECT " + columns + ofReferences,
                "SELECT b.reference, b.show_id, b.owner_id, b.seats_sha256 FROM unnest(CAST(? AS TEXT[])) AS x(r)"
                        + " JOIN " + references + " b ON b.reference = x.r",
                "INSERT INTO " + references + " " + referenceColumns()
                        + " SELECT v.r, v.s, v.o, v.d, " + now() + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]),"
                        + " CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v(r, s, o, d) ORDER BY v.r"
                        + " ON CONFLICT (reference) DO NOTHING RETURNING reference",
                // the main query's snapshot is the update's: the other seats are read as they were before it
                "WITH w AS (UPDATE " + table + " t SET status = CASE WHEN v.h IS NULL THEN 'BOOKED' ELSE 'HELD' END,"
                        + " owner_id = v.o, reference = v.r, hold_until = CASE WHEN v.h IS NULL THEN NULL ELSE "
                        + clock() + " + v.h * INTERVAL '1 microsecond' END, version = t.version + 1, updated_at = "
                        + now() + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),"
                        + " CAST(? AS TEXT[]), CAST(? AS BIGINT[])) AS v(s, n, o, r, h)"
                        + " WHERE t.show_id = v.s AND t.seat_no = v.n AND " + free
                        + " RETURNING t.show_id, t.seat_no, t.status, t.owner_id, t.reference, t.hold_until, t.version)"
                        + " SELECT " + columns + " FROM w UNION ALL SELECT " + columns + ofReferences
                        + " AND NOT EXISTS (SELECT 1 FROM w WHERE w.show_id = t.show_id AND w.seat_no = t.seat_no)");
    }

    /**
     * The sweep's UPDATE from two arrays (shows, seat numbers) in a shape the planner can only run
     * by the primary key, whatever the table's statistics: each element's row is found by a
     * correlated subquery on the whole key (a subquery, not a join, so no hash join over a scan of
     * the table can replace it), and updated by its row address, which cannot move while the
     * sweep's transaction holds the row's lock (had it moved, the row would be skipped and the
     * sweep's count check would fail, not free a wrong row). The plain form, {@code show_id = ?
     * AND seat_no IN (...)}, is planned from estimates: on a table just filled and never analyzed
     * the planner believes a show has a few hundred seats and a few dozen holds have lapsed, so it
     * read the whole show from the primary key and every lapsed hold from the hold index, and
     * compared each with the 500 bound numbers (3.6 s a statement at a million seats). For the same
     * reason the re-check of the expiry is written so that no index can serve it.
     */
    @Override
    protected String expireByArrays(String table) {
        return "UPDATE " + table + " t SET status = 'EMPTY', owner_id = NULL, reference = NULL, hold_until = NULL,"
                + " version = t.version + 1, updated_at = " + now()
                + " WHERE t.ctid = ANY (ARRAY(SELECT (SELECT k.ctid FROM " + table + " k"
                + " WHERE k.show_id = v.s AND k.seat_no = v.n)"
                + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v(s, n)))"
                + " AND CASE WHEN t.status = 'HELD' THEN t.hold_until <= " + clock() + " ELSE FALSE END";
    }

    @Override
    protected String fromEpochMicros() {
        return "(TIMESTAMPTZ 'epoch' + CAST(? AS BIGINT) * INTERVAL '1 microsecond')";
    }

    @Override
    protected String outboxInsertIfAbsent(String insert) {
        return insert + " ON CONFLICT (id) DO NOTHING";
    }

    /**
     * tryBook in one round trip whether it wins or loses: the UPDATE in a common table expression,
     * and in the same statement, if it updated nothing, the {@link #lossVerdict} read from the seat's
     * row: one number, no seat columns, so that a loser costs the server and the driver little more
     * than the plain UPDATE (the seat's columns, and the UNION that returned them, made a lost race
     * cost about 1.4 times the plain UPDATE's server time; the number alone about 1.1). The read
     * sees the statement's snapshot: if a concurrent change committed after it was taken made the
     * UPDATE find no empty seat (the UPDATE waits for that change and checks the new row again, the
     * read does not), the read still shows the seat empty, verdict 3, and the caller reads the seat
     * in a statement of its own. No row of that seat: no verdict (NULL).
     */
    @Override
    protected TryBookStatement tryBook(String table, String claim) {
        return new TryBookStatement("WITH claimed AS (" + claim + " RETURNING 1) SELECT CASE WHEN EXISTS"
                + " (SELECT 1 FROM claimed) THEN 1 ELSE (SELECT " + lossVerdict() + " FROM " + table
                + " WHERE show_id = ? AND seat_no = ?) END AS verdict", TryBookStatement.Form.VERDICT_QUERY);
    }

    /**
     * One statement, one round trip in autocommit, instead of BEGIN, UPDATE, INSERT, COMMIT: the
     * INSERT reads the UPDATE's RETURNING, so a lost claim inserts nothing and writes nothing; a
     * loser reads the seat in the same statement, as {@link #tryBook} does.
     */
    @Override
    public TryBookStatement bookAndTell(TableName seats, TableName outbox) {
        return bookAndTellWithCte(seats, outbox);
    }
}
