/**
 * The shared line: booking requests from every instance of a service go into one durable,
 * partitioned line kept by a broker (Redis Streams or RabbitMQ, or in memory for tests); workers
 * in any number of threads and processes take each partition in order, decide every request with
 * the conditional update under a reference derived from its ticket, and settle the ticket once.
 * A user gets a {@link dev.booking.queue.line.Ticket} at once from
 * {@link dev.booking.queue.line.SharedLine#submit} and polls
 * {@link dev.booking.queue.line.SharedLine#status} from any instance until it is final; the
 * {@link dev.booking.queue.line.LineWorkers} do the deciding.
 */
package dev.booking.queue.line;
