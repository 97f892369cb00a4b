/**
 * The shared line kept in the memory of one JVM: {@link dev.booking.queue.line.memory.InMemoryLine}
 * implements the broker SPI ({@link dev.booking.queue.line.spi.LineTransport}, its consumers and
 * its ledger) with the same guarantees the broker modules give, minus durability across the JVM. It
 * is the reference implementation the queue kit checks first, and the line for unit tests; several
 * views on one line ({@link dev.booking.queue.line.memory.InMemoryLine#connect()}) stand in for
 * several service instances, and {@link dev.booking.queue.line.memory.InMemoryLine#crash()} for a
 * process killed without warning.
 */
package dev.booking.queue.line.memory;
