/**
 * The service-provider interface for writers of {@link dev.booking.core.SeatRepository} adapters:
 * the booking rules every store must answer by, written once, as pure functions over
 * {@link dev.booking.core.spi.StoredSeat}s ({@link dev.booking.core.spi.SeatRules}); the events each
 * change causes ({@link dev.booking.core.spi.SeatEvents}); an operation's answer together with its
 * events ({@link dev.booking.core.spi.Outcome}), delivered after the change is durable by an
 * {@link dev.booking.core.spi.EventPublisher} that a failing listener cannot break; and the argument
 * checks that make bad input an {@link IllegalArgumentException} naming its field before anything
 * is written ({@link dev.booking.core.spi.Arguments}). An adapter supplies only what its store does
 * differently: how a seat is read, and how a conditional write is made atomic. The in-memory
 * reference implementation, the JDBC and the MongoDB adapters all use this package, and the
 * compatibility kit in {@code booking-tck} checks the result. Everything here is public API and
 * changes only with the version.
 */
package dev.booking.core.spi;
