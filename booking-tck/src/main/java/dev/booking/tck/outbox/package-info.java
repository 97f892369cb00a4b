/**
 * The outbox kit: the rules every outbox store and every repository that writes one must follow,
 * run by a backend's test that extends {@code OutboxContract} and supplies an {@link
 * dev.booking.tck.outbox.OutboxFixture}.
 */
package dev.booking.tck.outbox;
