/**
 * The service provider interface of the shared line: the primitives a broker module implements
 * ({@link dev.booking.queue.line.spi.LineTransport}, {@link dev.booking.queue.line.spi.LineConsumer},
 * {@link dev.booking.queue.line.spi.TicketLedger}) and the one wire format
 * ({@link dev.booking.queue.line.spi.Envelope}) they all carry. The algorithm over them lives once,
 * in {@link dev.booking.queue.line}; a broker supplies only storage and delivery.
 */
package dev.booking.queue.line.spi;
