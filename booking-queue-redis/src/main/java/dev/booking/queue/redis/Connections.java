package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.Pool;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Where the line's connections come from: a pool for short calls (appends, the ledger, heartbeats)
 * and one dedicated connection per consumer, whose blocking reads must not hold a pooled one.
 * Classifies Jedis failures into {@link BookingException}s.
 */
// JedisPool (deprecated in Jedis 8 for RedisClient) is still the one API that lends a whole Jedis
// per call: raw byte replies (binary payloads) and a dedicated connection per blocking reader
@SuppressWarnings("deprecation")
final class Connections implements AutoCloseable {

    /** How long a consumer's blocking read may wait at most; its socket timeout is longer. */
    static final int MAX_BLOCK_MILLIS = 250;

    private final Pool<Jedis> pool;
    private final boolean ownsPool;
    private final HostAndPort address;
    private final JedisClientConfig dedicatedConfig;

    private Connections(Pool<Jedis> pool, boolean ownsPool, HostAndPort address, JedisClientConfig dedicatedConfig) {
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.address = address;
        this.dedicatedConfig = dedicatedConfig;
    }

    /** A pool of our own on {@code uri}, and dedicated connections to the same server. */
    static Connections of(URI uri, String clientName, int poolSize) {
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("uri must be a redis:// or rediss:// URI with host and port, was " + uri);
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .resp2()
                .clientName(clientName)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(MAX_BLOCK_MILLIS + 4000);
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        JedisClientConfig built = config.build();
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(poolSize);
        poolConfig.setMaxIdle(poolSize);
        poolConfig.setMaxWait(Duration.ofSeconds(2));
        return new Connections(new JedisPool(poolConfig, address, built), true, address, built);
    }

    /**
     * The application's pool (a {@link JedisPool}, or a {@code JedisSentinelPool} that follows the
     * primary), for everything: consumers borrow theirs for their lifetime.
     */
    static Connections of(Pool<Jedis> pool) {
        return new Connections(pool, false, null, null);
    }

    /**
     * Runs {@code call} on a pooled connection; after a broken connection, once more on a fresh one
     * (every call made through here may be repeated: appends and settlements are idempotent).
     */
    <T> T call(String what, Function<Jedis, T> call) {
        JedisException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Jedis jedis = borrow(what)) {
                return call.apply(jedis);
            } catch (JedisConnectionException broken) {
                last = broken;
            } catch (JedisException failed) {
                throw failure(what, failed);
            }
        }
        throw failure(what, last);
    }

    private Jedis borrow(String what) {
        try {
            return pool.getResource();
        } catch (JedisConnectionException unreachable) {
            throw unreachable;
        } catch (JedisException exhausted) {
            throw new BookingException(BookingException.Failure.TIMEOUT,
                    what + ": no Redis connection free in the pool in time", exhausted);
        }
    }

    /** A connection for one consumer's own use, closed by it. */
    Jedis dedicated(String clientName) {
        try {
            if (address == null) {
                Jedis jedis = pool.getResource();
                jedis.clientSetname(clientName);
                return jedis;
            }
            return new Jedis(address, DefaultJedisClientConfig.builder().from(dedicatedConfig).clientName(clientName).build());
        } catch (JedisException e) {
            throw failure("connecting a consumer", e);
        }
    }

    /** The booking failure for a Jedis one. */
    static BookingException failure(String what, JedisException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        BookingException.Failure failure;
        if (e instanceof JedisConnectionException) {
            failure = BookingException.Failure.CONNECTION;
        } else if (e instanceof JedisDataException && message.startsWith("OOM")) {
            failure = BookingException.Failure.OVERLOADED;
        } else if (e instanceof JedisDataException && (message.startsWith("LOADING") || message.startsWith("READONLY")
                || message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("BUSY"))) {
            failure = BookingException.Failure.CONNECTION;
        } else {
            failure = BookingException.Failure.UNEXPECTED;
        }
        return new BookingException(failure, what + " failed on Redis: " + message, e);
    }

    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }
}
