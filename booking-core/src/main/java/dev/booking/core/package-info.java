/**
 * The booking contract, independent of any database: the identities of shows, seats and users,
 * the {@link dev.booking.core.SeatRepository} whose {@code tryBook} claims a seat only if it is
 * still empty, the sealed {@link dev.booking.core.BookingResult} it answers with, and the single
 * unchecked {@link dev.booking.core.BookingException} that adapters raise for infrastructure
 * failures. Contention is never an exception here: a lost race is an ordinary result.
 */
package dev.booking.core;
