/**
 * The shared line in the harness: {@link dev.booking.bench.line.Brokers} opens a line on the
 * in-memory reference, on Redis or on RabbitMQ from a kind and a URL, hands out one
 * {@link dev.booking.queue.line.spi.LineTransport} per simulated service instance, and deletes the
 * line's broker state when the run is over, so that runs under unique line names leave nothing behind.
 */
package dev.booking.bench.line;
