package dev.booking.core.outbox;

/**
 * What one {@link OutboxRelay} has done since it was built.
 *
 * @param delivered records delivered and marked sent
 * @param retried   attempts that failed and were scheduled again
 * @param dead      records that went dead
 * @param lostLeases records whose lease had passed to another relay before this one could mark them
 * @param purged    records purged after their retention
 */
public record OutboxRelayStats(long delivered, long retried, long dead, long lostLeases, long purged) {
}
