/**
 * Durable notifications: the transactional outbox. A repository built with an outbox writes a
 * {@link dev.booking.core.outbox.Notice} in the same transaction as every change it tells, and the
 * shared line writes one for every request it refuses or fails; an
 * {@link dev.booking.core.outbox.OutboxRelay} delivers them through a
 * {@link dev.booking.core.outbox.NoticeDelivery} (email, or the application's own callback),
 * at least once and, outside a crash window stated on the relay, exactly once, each with a stable
 * id a receiver can deduplicate by.
 */
package dev.booking.core.outbox;
