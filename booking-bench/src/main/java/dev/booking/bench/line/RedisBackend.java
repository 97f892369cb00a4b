package dev.booking.bench.line;

import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.redis.RedisLine;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.util.List;

/**
 * The Redis line ({@code booking-queue-redis}): each instance is a {@link RedisLine} with its own
 * connection pool; deleting removes every key of the line ({@code booking:line:{name}:*}: its
 * streams, counters, leases and tickets).
 */
final class RedisBackend implements LineBackend {

    private final String url;
    private final String name;
    private final int partitions;
    private final long capacity;
    private final String version;

    private RedisBackend(String url, String name, int partitions, long capacity, String version) {
        this.url = url;
        this.name = name;
        this.partitions = partitions;
        this.capacity = capacity;
        this.version = version;
    }

    /** Checks that the server answers, with a connection closed at once, and reads its version and AOF setting. */
    static LineBackend open(String url, String name, int partitions, long capacity) {
        try (Jedis jedis = jedis(url)) {
            String info = jedis.info("server") + jedis.info("persistence");
            String version = field(info, "redis_version");
            String aof = "1".equals(field(info, "aof_enabled")) ? "AOF on" : "no AOF";
            return new RedisBackend(url, name, partitions, capacity, version + ", " + aof);
        }
    }

    private static String field(String info, String key) {
        return info.lines().filter(line -> line.startsWith(key + ":")).map(line -> line.substring(key.length() + 1).trim())
                .findFirst().orElse("?");
    }

    /**
     * A single connection; RESP2 said outright, as the line itself does, so Jedis does not warn
     * about protocol negotiation. {@code Jedis(URI, config)} takes user, password and database
     * from the URI.
     */
    private static Jedis jedis(String url) {
        return new Jedis(URI.create(url), DefaultJedisClientConfig.builder().resp2().connectionTimeoutMillis(5_000)
                .socketTimeoutMillis(5_000).build());
    }

    @Override
    public LineTransport connect() {
        return RedisLine.builder(URI.create(url)).name(name).partitions(partitions).capacity(capacity).build();
    }

    @Override
    public String description() {
        return "Redis " + version + " at " + BrokerUnreachableException.masked(url) + " (streams, consumer groups)";
    }

    @Override
    public String delete() {
        String pattern = "booking:line:{" + name + "}:*";
        long deleted = 0;
        try (Jedis jedis = jedis(url)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(pattern).count(1_000);
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    deleted += jedis.unlink(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (RuntimeException e) {
            return "could not delete line " + name + " from Redis after " + deleted + " keys: " + e;
        }
        return "deleted " + deleted + " Redis keys " + pattern;
    }
}
