/**
 * An in-memory {@link dev.booking.core.SeatRepository}: the reference implementation of the
 * contract, and a fast stand-in for a database in the unit tests of services that use booking.
 */
package dev.booking.core.memory;
