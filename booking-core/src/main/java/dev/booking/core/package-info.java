/**
 * The booking contract, independent of any database: the identities of shows, seats, users and
 * booking references, the {@link dev.booking.core.SeatRepository} whose {@code tryBook} claims a
 * seat only if it is still empty and whose lifecycle operations hold, confirm, release and claim
 * groups of seats all or nothing, the sealed results they answer with, the events a
 * {@link dev.booking.core.BookingListener} hears after each committed change, and the single
 * unchecked {@link dev.booking.core.BookingException} that adapters raise for infrastructure
 * failures. Contention is never an exception here: a lost race is an ordinary result.
 */
package dev.booking.core;
