package dev.booking.jdbc.internal;

/**
 * The statements only a batch of claims runs ({@link BatchClaims}); with those of
 * {@link SeatStatements} and {@link ReferenceStatements} they decide a whole batch in a few round
 * trips. Each ends in a list of {@link SeatStatements#forSeats} placeholders, which is bound last.
 *
 * @param lockSeats      seats of one show, locked in seat order until the transaction ends (show,
 *                       seats...); returns the columns {@link SeatStatements} documents
 * @param readReferences every seat carrying one of the references, live or lapsed (references...)
 * @param readBindings   the bindings of the references, as read without a lock (references...);
 *                       returns {@code reference, show_id, owner_id, seats_sha256}
 * @param lockBindings   the same, locked until the transaction ends, in reference order, reading the
 *                       latest committed rows
 * @param arrays         the same work in fewer statements, each binding whole arrays, where the
 *                       database takes array parameters; {@code null} elsewhere
 */
public record BatchStatements(String lockSeats, String readReferences, String readBindings, String lockBindings,
                              ArrayStatements arrays) {

    /**
     * A batch's statements with one array parameter per column, so that one prepared statement
     * serves every batch size, and written as joins of those arrays on a key of the table, so that
     * the plan is a lookup per element whatever the table's statistics say (a table that grew from
     * empty is otherwise scanned whole).
     *
     * @param lockSeats      the seats named by (shows[], seats[]), locked in show and seat order;
     *                       returns the columns {@link SeatStatements} documents
     * @param readReferences every seat carrying one of (references[]), live or lapsed
     * @param readBindings   the bindings of (references[]), as read without a lock; returns
     *                       {@code reference, show_id, owner_id, seats_sha256}
     * @param bind           binds (references[], shows[], owners[], seat digests[]) in reference
     *                       order, each unless it is bound already; returns {@code reference} of each
     *                       row it inserted
     * @param claim          holds or books (shows[], seats[], owners[], references[], hold lengths in
     *                       microseconds[], null for a booking) where the seat is free, all by one
     *                       clock reading; returns the columns {@link SeatStatements} documents of the
     *                       seats it wrote, then of every other seat carrying one of (references[])
     */
    public record ArrayStatements(String lockSeats, String readReferences, String readBindings, String bind,
                                  String claim) {
    }
}
