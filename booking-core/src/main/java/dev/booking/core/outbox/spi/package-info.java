/**
 * The primitives an outbox's store supplies ({@link dev.booking.core.outbox.spi.OutboxStore}): the
 * relay's algorithm is written once over them, and the kit's outbox contract checks them.
 */
package dev.booking.core.outbox.spi;
