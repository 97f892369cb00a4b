/**
 * The shared line on RabbitMQ ({@link dev.booking.queue.rabbitmq.RabbitMqLine}): one durable quorum
 * queue per partition with a single active consumer (one worker decides a partition at a time, and
 * the broker hands it to a waiting worker as soon as the holder's connection closes), publisher
 * confirms (a submit is accepted only once the queue has the request on disk), a maximum length
 * with {@code reject-publish} (past capacity the submit is refused, nothing is dropped), manual
 * acknowledgements and a dead-letter queue; and the ticket ledger as a RabbitMQ stream that every
 * instance reads in the same order, so that every instance agrees on the first outcome of a ticket
 * without a second store.
 */
package dev.booking.queue.rabbitmq;
