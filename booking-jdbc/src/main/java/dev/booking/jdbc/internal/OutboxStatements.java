package dev.booking.jdbc.internal;

/**
 * The statements of one outbox table, built once per outbox. Every instant is bound as a
 * {@code long} of microseconds since the epoch and read back the same way (columns ending in
 * {@code _us}), so that no driver, session or JVM time zone converts it.
 *
 * <p>Read statements return {@code id, kind, user_id, reference, seats, hold_expires_at_us, detail,
 * created_at_us, state, attempts, next_attempt_at_us, last_error, sent_at_us}; see {@link OutboxRows}.
 *
 * @param insert         a new PENDING row (id, kind, user, reference, seats, hold expiry, detail,
 *                       created at, due at); fails on an existing id
 * @param insertIfAbsent the same, doing nothing on an existing id, or {@code null} where the dialect
 *                       has no exact form and the caller catches the duplicate key instead
 * @param selectDue      due PENDING rows with a free or ended lease, oldest first, locked, skipping
 *                       rows locked by others (now, now, limit)
 * @param lease          leases rows to a relay and counts an attempt (owner, lease until, ids...)
 * @param markSent       (sent at, id, owner, now)
 * @param markRetry      (due at, error, id, owner, now)
 * @param markDead       (error, id, owner, now)
 * @param requeue        a DEAD row back to PENDING, due since its creation, attempts at zero (id)
 * @param purgeable      up to n ids of a state written before an instant, oldest first (state, before, n)
 * @param purge          deletes rows of those ids still of that state and age (state, before, ids...), so that a
 *                       row requeued in between stays
 * @param find           one row (id)
 * @param list           up to n rows of a state, oldest first (state, n)
 * @param count          the rows of a state (state)
 */
public record OutboxStatements(String insert, String insertIfAbsent, String selectDue, String lease,
                               String markSent, String markRetry, String markDead, String requeue, String purgeable,
                               String purge,
                               String find, String list, String count) {

    /** Stands for the placeholders of the ids in {@link #lease}. */
    static final String IDS = "#ids#";

    /** {@code template} ({@link #lease} or {@link #purge}) for {@code count} ids. */
    public static String forIds(String template, int count) {
        return template.replace(IDS, SeatStatements.forSeats(SeatStatements.SEATS, count));
    }
}
