/**
 * The shared line on Redis: {@link dev.booking.queue.redis.RedisLine} is a
 * {@link dev.booking.queue.line.spi.LineTransport} that keeps each partition in a Redis stream read
 * by one consumer group, hands a partition to one worker at a time by a lease key renewed by a
 * heartbeat, and keeps the ticket ledger in hashes next to it. Every step that must be atomic (an
 * append with its capacity check and ledger entry, an acknowledgement with its counter, a
 * settlement that is set once) is one Lua script. Its javadoc states what each Redis persistence
 * setting makes of an acknowledged submit.
 */
package dev.booking.queue.redis;
