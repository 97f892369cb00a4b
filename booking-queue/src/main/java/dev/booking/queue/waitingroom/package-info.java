/**
 * The waiting room: a bounded, first-come-first-served line in front of any
 * {@link dev.booking.core.SeatRepository}. When a thousand users press "Book" on one seat in the
 * same millisecond, the {@link dev.booking.queue.waitingroom.WaitingRoom} admits them into a line of
 * fixed capacity (answering {@code Busy} at once when it is full), lets a few worker threads call
 * the repository in arrival order, makes at most one call per seat at a time, and answers everyone
 * queued behind a decided seat from that one outcome, so the database does a couple of calls
 * instead of a thousand while users see "processing..." for a moment instead of an error. The
 * database still decides every win: the room only orders, limits and coalesces.
 */
package dev.booking.queue.waitingroom;
