/**
 * The shared line of booking on Redis Streams and consumer groups, through Jedis. Only
 * {@code dev.booking.queue.redis} is API.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Jedis is an automatic module (Automatic-Module-Name)
module dev.booking.queue.redis {
    requires transitive dev.booking.queue;
    // the builder takes the application's JedisPool
    requires transitive redis.clients.jedis;
    requires org.slf4j;

    exports dev.booking.queue.redis;
}
