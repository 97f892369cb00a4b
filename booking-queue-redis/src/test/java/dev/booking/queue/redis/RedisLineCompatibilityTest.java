package dev.booking.queue.redis;

import dev.booking.tck.line.LineFixture;
import dev.booking.tck.line.SharedLineContract;

/**
 * The queue kit's rules L1 to L6 on Redis: the shared server for the line, worker processes
 * deciding on an H2 TCP seat store, broker faults on a private redis-server (AOF always).
 */
class RedisLineCompatibilityTest extends SharedLineContract {

    @Override
    protected LineFixture fixture() {
        return new RedisLineFixture(RedisTestLines.sharedRedis());
    }
}
