package dev.booking.core.outbox.spi;

import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The primitives an outbox needs from its store; the relay's algorithm ({@link
 * dev.booking.core.outbox.OutboxRelay}) is written once over them. Implemented by
 * {@code InMemoryOutbox}, {@code JdbcOutbox} and {@code MongoOutbox}; the kit's outbox contract
 * checks any other.
 *
 * <p>Records are written by the seat repository in the same transaction as the change they tell
 * (so this interface has no plain append for lifecycle changes), and by {@link #appendIfAbsent} for
 * answers that change no seat (a queued request refused or failed), keyed by an id derived from the
 * request so that writing it again is harmless.
 *
 * <p>Claims are leases: {@link #claimDue} gives a record to one relay until its lease ends, and the
 * {@code mark*} methods change a record only while the caller still holds that lease. Two relays
 * therefore never both deliver a record in normal operation; one that dies holding a lease loses
 * it when the lease ends, and the record is delivered again (at most once more per lease).
 *
 * <p>Thread-safety: implementations are safe for concurrent use by any number of threads and processes.
 */
public interface OutboxStore {

    /**
     * Appends {@code notice} as a {@link OutboxState#PENDING} record due at once, unless a record with
     * its id already exists (in any state).
     *
     * @return whether this call appended it
     */
    boolean appendIfAbsent(Notice notice);

    /**
     * Leases up to {@code limit} due records to {@code relay} until {@code leaseUntil}: those
     * {@link OutboxState#PENDING} whose {@code nextAttemptAt} is not after {@code now} and whose lease
     * is free or ended, oldest first, skipping records another relay is claiming at this moment
     * rather than waiting for it. Each claimed record's {@code attempts} goes up by one.
     *
     * @return the records claimed, as they stand after the claim
     */
    List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil);

    /** Marks the record {@link OutboxState#SENT} at {@code at}, if {@code relay} still holds its lease; returns whether it did. */
    boolean markSent(String id, String relay, Instant at);

    /** Keeps the record {@link OutboxState#PENDING}, due at {@code nextAttemptAt}, with {@code error}, and ends the lease, if {@code relay} holds it. */
    boolean markRetry(String id, String relay, Instant nextAttemptAt, String error);

    /** Marks the record {@link OutboxState#DEAD} with {@code error}, if {@code relay} holds its lease. */
    boolean markDead(String id, String relay, String error);

    /** Puts a {@link OutboxState#DEAD} record back to {@link OutboxState#PENDING}, due at once, with its attempts at zero; returns whether it was dead. */
    boolean requeue(String id);

    /**
     * Deletes up to {@code limit} records in {@code state} ({@link OutboxState#SENT} or
     * {@link OutboxState#DEAD}) written before {@code before}.
     *
     * @return how many were deleted
     */
    int purge(OutboxState state, Instant before, int limit);

    /** The record with {@code id}, if any. */
    Optional<OutboxRecord> find(String id);

    /** Up to {@code limit} records in {@code state}, oldest first. */
    List<OutboxRecord> list(OutboxState state, int limit);

    /** How many records are in {@code state}: the backlog, for metrics and health checks. */
    long count(OutboxState state);
}
