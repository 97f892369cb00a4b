package dev.booking.jdbc.internal;

/**
 * The SQL of one database. What all databases share is written here once; each subclass supplies
 * only what differs: "insert unless present" and, where the standard does not fit, identifier
 * quoting and the clock expressions.
 *
 * <p>Time has one source, the database: every hold expiry is computed in the statement that sets
 * it ({@link #holdUntil()}), and every "has this hold expired?" is decided in SQL against
 * {@link #clock()}. The JVM's clock and time zone play no part, so several application instances
 * with drifting clocks still agree on when a hold ends.
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
     * Written into {@code updated_at}.
     */
    protected String now() {
        return "CURRENT_TIMESTAMP";
    }

    /**
     * The time against which holds are set and judged expired, of the same type as
     * {@code hold_until}; by default {@link #now()}. It must not change within one statement, so
     * that every seat of a multi-seat claim gets the same expiry.
     */
    protected String clock() {
        return now();
    }

    /**
     * The expiry of a hold that starts now: {@link #clock()} plus one bind parameter, the hold's
     * length in microseconds (a {@code long}).
     */
    protected abstract String holdUntil();

    /**
     * {@code column}, a timestamp of the {@code hold_until} type, as microseconds since the epoch
     * (a {@code BIGINT}), so that the instant is read without any driver or JVM time-zone
     * conversion; by default through {@code EXTRACT(EPOCH FROM ...)}, exact for timestamps with
     * time zone.
     */
    protected String epochMicros(String column) {
        return "CAST(EXTRACT(EPOCH FROM " + column + ") * 1000000 AS BIGINT)";
    }

    /**
     * An INSERT of one empty seat (parameters: show, seat) that leaves an existing row untouched
     * and does not fail on it.
     */
    protected abstract String insertIfAbsent(String table);

    /**
     * The most seats one group statement ({@code ... AND show_id = ? AND seat_no IN (...)}) names;
     * longer groups run in several statements of the same transaction.
     */
    public int seatsPerGroupStatement() {
        return SeatStore.CHUNK;
    }

    /** The statements for one table. */
    public final SeatStatements statements(TableName table) {
        String t = quote(table.value());
        String clock = clock();
        String columns = seatColumns();
        String free = "(status = 'EMPTY' OR (status = 'HELD' AND hold_until <= " + clock + "))";
        String live = live();
        String changed = "version = version + 1, updated_at = " + now();
        String emptied = "status = 'EMPTY', owner_id = NULL, reference = NULL, hold_until = NULL, " + changed;
        String ofSeats = " AND show_id = ? AND seat_no IN (" + SeatStatements.SEATS + ")";
        String claim = claim(t);
        return new SeatStatements(
                claim,
                tryBook(t, claim),
                "SELECT " + columns + " FROM " + t + " WHERE show_id = ? AND seat_no = ?",
                "SELECT " + columns + " FROM " + t + " WHERE show_id = ? AND seat_no = ? FOR UPDATE",
                "SELECT " + columns + " FROM " + t + " WHERE show_id = ?",
                "SELECT " + columns + " FROM " + t + " WHERE reference = ?",
                insertIfAbsent(t),
                "UPDATE " + t + " SET status = 'HELD', owner_id = ?, reference = ?, hold_until = " + holdUntil()
                        + ", " + changed + " WHERE " + free + ofSeats,
                "UPDATE " + t + " SET status = 'BOOKED', owner_id = ?, reference = ?, hold_until = NULL, " + changed
                        + " WHERE " + free + ofSeats,
                "UPDATE " + t + " SET status = 'BOOKED', hold_until = NULL, " + changed
                        + " WHERE reference = ? AND owner_id = ? AND status = 'HELD' AND hold_until > " + clock + ofSeats,
                "UPDATE " + t + " SET " + emptied + " WHERE reference = ? AND owner_id = ? AND " + live + ofSeats,
                "SELECT " + columns + " FROM " + t + " WHERE status = 'HELD' AND hold_until <= " + clock
                        + " ORDER BY hold_until LIMIT ? FOR UPDATE SKIP LOCKED",
                "UPDATE " + t + " SET " + emptied + " WHERE status = 'HELD' AND hold_until <= " + clock + ofSeats,
                expireByArrays(t),
                "UPDATE " + t + " SET status = 'BOOKED', owner_id = ?, reference = ?, hold_until = NULL, " + changed
                        + " WHERE show_id = ? AND seat_no = ? AND version = ? AND status = 'HELD' AND hold_until <= "
                        + clock);
    }

    /**
     * The sweep's UPDATE in array form ({@link SeatStatements#expireByArrays}) on the quoted table
     * {@code table}, or {@code null} (the default) where the database takes no array parameters.
     */
    protected String expireByArrays(String table) {
        return null;
    }

    /** tryBook's conditional UPDATE of an empty seat in the quoted table {@code table} (owner, reference, show, seat). */
    private String claim(String table) {
        return "UPDATE " + table + " SET status = 'BOOKED', owner_id = ?, reference = ?, hold_until = NULL,"
                + " version = version + 1, updated_at = " + now() + " WHERE show_id = ? AND seat_no = ? AND " + EMPTY;
    }

    /** The condition that makes tryBook's UPDATE conditional, "the seat is empty"; it ends the claim. */
    protected static final String EMPTY = "status = 'EMPTY'";

    /**
     * What tryBook needs to know of the seat's row, as a number (parameter: the user): 1 the seat is
     * empty (the write wins), else {@link #lossVerdict}'s 2 or 3.
     */
    protected final String verdict() {
        return "CASE WHEN " + EMPTY + " THEN 1 WHEN " + live() + " AND owner_id <> ? THEN 2 ELSE 3 END";
    }

    /**
     * What a tryBook that lost needs to know of the seat's row, as a number (parameter: the user): 2
     * somebody else has it, booked or held and not expired (the answer is {@code Taken}, with
     * nothing more to read), 3 anything else (the user's own seat or a lapsed hold, or an empty seat
     * in a read older than the write: the loser reads the seat).
     */
    protected final String lossVerdict() {
        return "CASE WHEN " + live() + " AND owner_id <> ? THEN 2 ELSE 3 END";
    }

    /** The condition of a seat somebody has: booked, or held and not expired by {@link #clock()}. */
    protected final String live() {
        return "(status = 'BOOKED' OR (status = 'HELD' AND hold_until > " + clock() + "))";
    }

    /**
     * tryBook's first statement on the quoted table {@code table}, whose conditional UPDATE is
     * {@code claim}: by default {@code claim} itself, after which a loser reads the seat. A database
     * that can tell the loser why in the same round trip overrides this.
     */
    protected TryBookStatement tryBook(String table, String claim) {
        return new TryBookStatement(claim, TryBookStatement.Form.UPDATE_COUNT);
    }

    /**
     * A {@link TryBookStatement.Form#ROW} tryBook where an UPDATE's RETURNING can feed a query:
     * {@code claim} in a common table expression, then one row, the seat as written if it won, else
     * the seat as the statement's snapshot shows it.
     *
     * @param table the quoted seat table
     * @param claim the conditional UPDATE of an empty seat
     * @param tell  an INSERT that reads the won seat from {@code claimed} (so a lost claim inserts
     *              nothing), or {@code null}; its parameters come between the UPDATE's and the read's
     */
    protected final TryBookStatement claimAndReadWithCte(String table, String claim, String tell) {
        return new TryBookStatement("WITH claimed AS (" + claim + " RETURNING " + seatColumns() + ")"
                + (tell == null ? "" : ", told AS (" + tell + ")")
                + " SELECT 1 AS won, show_id, seat_no, status, owner_id, reference, hold_until_us, lapsed, version"
                + " FROM claimed UNION ALL SELECT 0 AS won, " + seatColumns() + " FROM " + table
                + " WHERE show_id = ? AND seat_no = ? AND NOT EXISTS (SELECT 1 FROM claimed)",
                TryBookStatement.Form.ROW);
    }

    /**
     * The columns every read of seats returns, as {@link SeatStatements} documents them; unqualified,
     * so a statement that selects them must name no other column {@code show_id}, {@code seat_no},
     * {@code status}, {@code owner_id}, {@code reference}, {@code hold_until} or {@code version}.
     */
    protected final String seatColumns() {
        return "show_id, seat_no, status, owner_id, reference, " + epochMicros("hold_until")
                + " AS hold_until_us, CASE WHEN status = 'HELD' AND hold_until <= " + clock()
                + " THEN 1 ELSE 0 END AS lapsed, version";
    }

    /**
     * The statements of a batch of claims decided in one transaction ({@link BatchClaims}), for the
     * seat table {@code table} and its reference table. The seats are locked in seat order by the
     * database's ordering, which the binary collations of the shipped DDL make that of
     * {@link String#compareTo} (but for characters outside the Basic Multilingual Plane, where a
     * differing order can at worst cost a deadlock, which is run again).
     */
    public final BatchStatements batchStatements(TableName table) {
        String t = quote(table.value());
        String references = quote(table.value() + "_reference");
        String list = "(" + SeatStatements.SEATS + ")";
        return new BatchStatements(
                "SELECT " + seatColumns() + " FROM " + t + " WHERE show_id = ? AND seat_no IN " + list
                        + " ORDER BY seat_no FOR UPDATE",
                "SELECT " + seatColumns() + " FROM " + t + " WHERE reference IN " + list,
                "SELECT reference, show_id, owner_id, seats_sha256 FROM " + references + " WHERE reference IN " + list,
                "SELECT reference, show_id, owner_id, seats_sha256 FROM " + references + " WHERE reference IN " + list
                        + " ORDER BY reference FOR UPDATE",
                arrayStatements(t, references));
    }

    /**
     * The array form of a batch's statements ({@link BatchStatements.ArrayStatements}) on the quoted
     * tables, or {@code null} (the default) where the database takes no array parameters.
     */
    protected BatchStatements.ArrayStatements arrayStatements(String table, String references) {
        return null;
    }

    /** The columns and values of a new empty seat, shared by the INSERT variants. */
    protected final String emptySeatColumns() {
        return "(show_id, seat_no, status, owner_id, version, updated_at)";
    }

    /** The values of a new empty seat for {@link #emptySeatColumns()}, from two parameters. */
    protected final String emptySeatValues() {
        return "(?, ?, 'EMPTY', NULL, 0, " + now() + ")";
    }

    /**
     * An INSERT of one reference binding (parameters: reference, show, owner, seats digest) that
     * leaves an existing row of the same reference untouched and does not fail on it.
     */
    protected abstract String insertReferenceIfAbsent(String table);

    /** The statements on the reference table of the seat table {@code table}, {@code <table>_reference}. */
    public final ReferenceStatements referenceStatements(TableName table) {
        String t = quote(table.value() + "_reference");
        String read = "SELECT show_id, owner_id, seats_sha256 FROM " + t + " WHERE reference = ?";
        return new ReferenceStatements(insertReferenceIfAbsent(t), read, read + " FOR UPDATE");
    }

    /** The columns of a new reference binding, shared by the INSERT variants. */
    protected final String referenceColumns() {
        return "(reference, show_id, owner_id, seats_sha256, created_at)";
    }

    /**
     * A timestamp of the {@code hold_until} type from one bind parameter, a {@code long} of
     * microseconds since the epoch: how the outbox writes instants the application supplies,
     * without any time-zone conversion.
     */
    protected abstract String fromEpochMicros();

    /**
     * {@code insert} made to do nothing on an existing primary key, or {@code null} (the default)
     * where the database has no exact form: MySQL's {@code ON DUPLICATE KEY UPDATE} reports a no-op
     * as one "found" row, and {@code INSERT IGNORE} would also swallow real errors; the caller then
     * runs the plain INSERT and takes the duplicate-key error as "already there".
     */
    protected String outboxInsertIfAbsent(String insert) {
        return null;
    }

    /** The columns of a new outbox row. */
    private static final String OUTBOX_COLUMNS = "(id, kind, user_id, reference, seats, hold_expires_at, detail,"
            + " created_at, state, attempts, next_attempt_at)";

    /** The values of a new outbox row for {@link #OUTBOX_COLUMNS}, from nine parameters ({@link OutboxRows#bind}). */
    private String outboxValues() {
        String at = fromEpochMicros();
        return "?, ?, ?, ?, ?, " + at + ", ?, " + at + ", 'PENDING', 0, " + at;
    }

    /**
     * tryBook's first statement with the INSERT of its notice, as one statement in autocommit, or
     * {@code null} (the default) where the database cannot: then the UPDATE and the INSERT run in one
     * transaction. Parameters: those of the UPDATE, then those of {@link OutboxStatements#insert},
     * then those of the form's read; the notice is inserted only if the call won.
     */
    public TryBookStatement bookAndTell(TableName seats, TableName outbox) {
        return null;
    }

    /** {@link #bookAndTell} where the UPDATE can feed the INSERT: {@link #claimAndReadWithCte} with the INSERT. */
    protected final TryBookStatement bookAndTellWithCte(TableName seats, TableName outbox) {
        String t = quote(seats.value());
        return claimAndReadWithCte(t, claim(t), "INSERT INTO " + quote(outbox.value()) + " " + OUTBOX_COLUMNS
                + " SELECT " + outboxValues() + " FROM claimed");
    }

    /** The statements of the outbox table {@code table}. */
    public final OutboxStatements outboxStatements(TableName table) {
        String t = quote(table.value());
        String at = fromEpochMicros();
        String columns = "id, kind, user_id, reference, seats, " + epochMicros("hold_expires_at")
                + " AS hold_expires_at_us, detail, " + epochMicros("created_at") + " AS created_at_us, state, attempts, "
                + epochMicros("next_attempt_at") + " AS next_attempt_at_us, last_error, " + epochMicros("sent_at")
                + " AS sent_at_us";
        String insert = "INSERT INTO " + t + " " + OUTBOX_COLUMNS + " VALUES (" + outboxValues() + ")";
        // the caller holds the lease only while it has not ended: another relay may claim it from then on
        String leased = " WHERE id = ? AND lease_owner = ? AND state = 'PENDING' AND lease_until > " + at;
        return new OutboxStatements(insert, outboxInsertIfAbsent(insert),
                "SELECT " + columns + " FROM " + t + " WHERE state = 'PENDING' AND next_attempt_at <= " + at
                        + " AND (lease_until IS NULL OR lease_until <= " + at + ") ORDER BY created_at, id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED",
                "UPDATE " + t + " SET lease_owner = ?, lease_until = " + at + ", attempts = attempts + 1 WHERE id IN ("
                        + OutboxStatements.IDS + ")",
                "UPDATE " + t + " SET state = 'SENT', sent_at = " + at + ", lease_until = NULL" + leased,
                "UPDATE " + t + " SET next_attempt_at = " + at + ", last_error = ?, lease_owner = NULL,"
                        + " lease_until = NULL" + leased,
                "UPDATE " + t + " SET state = 'DEAD', last_error = ?, lease_owner = NULL, lease_until = NULL" + leased,
                "UPDATE " + t + " SET state = 'PENDING', attempts = 0, next_attempt_at = created_at, lease_owner = NULL,"
                        + " lease_until = NULL WHERE id = ? AND state = 'DEAD'",
                "SELECT id FROM " + t + " WHERE state = ? AND created_at < " + at + " ORDER BY created_at, id LIMIT ?",
                "DELETE FROM " + t + " WHERE state = ? AND created_at < " + at + " AND id IN (" + OutboxStatements.IDS
                        + ")",
                "SELECT " + columns + " FROM " + t + " WHERE id = ?",
                "SELECT " + columns + " FROM " + t + " WHERE state = ? ORDER BY created_at, id LIMIT ?",
                "SELECT COUNT(*) FROM " + t + " WHERE state = ?");
    }
}
