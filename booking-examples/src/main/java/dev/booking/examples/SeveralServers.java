package dev.booking.examples;

import com.rabbitmq.client.Address;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.rabbitmq.RabbitMqLine;
import dev.booking.queue.redis.RedisLine;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The README's "Running across several servers": a repository on a MariaDB Galera node, and the
 * shared line on Redis behind Sentinel and on a RabbitMQ cluster.
 */
public final class SeveralServers {

    private SeveralServers() {
    }

    /** A repository on one node of a Galera cluster, every session reading the latest commit. */
    public static JdbcSeatRepository onGaleraNode(String jdbcUrl) {
        // sample:galera-pool
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);                                       // one node; each instance may use another
        config.setConnectionInitSql("SET SESSION wsrep_sync_wait = 3");   // reads and UPDATEs see the latest commit
        JdbcSeatRepository seats = JdbcSeatRepository.builder(new HikariDataSource(config)).build();
        // end-sample:galera-pool
        return seats;
    }

    /** A Redis line that follows Sentinel's failovers and waits for one replica on every append. */
    public static RedisLine onRedisWithSentinel() {
        // sample:redis-sentinel
        JedisClientConfig client = DefaultJedisClientConfig.builder().resp2().socketTimeoutMillis(4250).build();
        JedisSentinelPool pool = new JedisSentinelPool("booking", Set.of(new HostAndPort("sentinel-1", 26379)),
                new JedisPoolConfig(), client, DefaultJedisClientConfig.builder().resp2().build());
        RedisLine line = RedisLine.builder(pool).name("tickets")
                .replicaAcknowledgements(1, Duration.ofSeconds(1))   // optional: closes the failover window
                .build();
        // end-sample:redis-sentinel
        return line;
    }

    /** A RabbitMQ line that may use any node of a 3-node cluster. */
    public static RabbitMqLine onRabbitMqCluster() {
        // sample:rabbitmq-cluster
        RabbitMqLine line = RabbitMqLine.builder(URI.create("amqp://booking:secret@rabbit-1:5672/%2F"))
                .addresses(Address.parseAddresses("rabbit-1:5672,rabbit-2:5672,rabbit-3:5672"))
                .name("tickets").partitions(16).build();
        // end-sample:rabbitmq-cluster
        return line;
    }
}
