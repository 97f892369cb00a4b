/**
 * The queue kit: {@link dev.booking.tck.line.SharedLineContract}, the rules every shared line's
 * broker module must pass, run through a {@link dev.booking.tck.line.LineFixture} that the module's
 * compatibility test supplies (its lines, the seat store, worker processes and broker faults).
 */
package dev.booking.tck.line;
