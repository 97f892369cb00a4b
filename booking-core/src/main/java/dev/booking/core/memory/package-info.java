/**
 * An in-memory {@link dev.booking.core.SeatRepository}: the reference implementation of the
 * contract, and a fast stand-in for a database in the unit tests of services that use booking;
 * and {@link dev.booking.core.memory.InMemoryOutbox}, the outbox it can write its notices to.
 */
package dev.booking.core.memory;
