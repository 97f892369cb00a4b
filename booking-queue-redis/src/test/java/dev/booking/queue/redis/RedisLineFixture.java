package dev.booking.queue.redis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.tck.line.BrokerFaults;
import dev.booking.tck.line.LineFixture;
import dev.booking.tck.line.WorkerProcess;
import dev.booking.tck.line.WorkerProcesses;
import dev.booking.testsupport.JvmProcess;
import org.h2.tools.Server;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue kit's fixture on Redis: lines on the shared Redis (BOOKING_TEST_REDIS_URL), worker
 * processes running {@link RedisWorkerMain}, a seat store in an H2 TCP server that both JVMs reach,
 * and broker faults on a private redis-server ({@code appendonly yes}, {@code appendfsync always}).
 *
 * <p>A fault rule asks for {@link #faults()} before it opens its line: the first new line name
 * opened after that lives on the private server (with its worker processes), so that dropping
 * connections and restarting never touch the shared server.
 */
final class RedisLineFixture implements LineFixture {

    private static final String CLIENT_NAME = "booking-kit-" + UUID.randomUUID().toString().substring(0, 8);

    private final URI shared;
    private final Server h2;
    private final String jdbcUrl;
    private final HikariDataSource dataSource;
    private final JdbcSeatRepository seats;
    private final Map<String, URI> lines = new ConcurrentHashMap<>();
    private final Set<String> privateNames = ConcurrentHashMap.newKeySet();
    private volatile boolean nextLineFaulty;
    private PrivateRedis faulty;

    RedisLineFixture(URI shared) {
        this.shared = shared;
        try {
            this.h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the H2 TCP server", e);
        }
        this.jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:redis-line-"
                + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(16);
        this.dataSource = new HikariDataSource(config);
        this.seats = JdbcSeatRepository.builder(dataSource).build();
        seats.createSchema();
    }

    @Override
    public String backendName() {
        return "Redis";
    }

    @Override
    public LineTransport open(String name, int partitions, long capacity) {
        URI where = serverFor(name);
        return RedisLine.builder(where).name(name).partitions(partitions).capacity(capacity).clientName(CLIENT_NAME).build();
    }

    private synchronized URI serverFor(String name) {
        URI known = lines.get(name);
        if (known != null) {
            return known;
        }
        URI where = shared;
        if (nextLineFaulty) {
            nextLineFaulty = false;
            privateNames.add(name);
            where = privateRedis().uri();
        }
        lines.put(name, where);
        return where;
    }

    private synchronized PrivateRedis privateRedis() {
        if (faulty == null) {
            faulty = PrivateRedis.start(true);
        }
        return faulty;
    }

    @Override
    public SeatRepository seats() {
        return seats;
    }

    @Override
    public Optional<WorkerProcesses> processes() {
        return Optional.of((lineName, partitions, capacity, threads) -> {
            JvmProcess process = JvmProcess.start(RedisWorkerMain.class, serverFor(lineName).toString(), lineName,
                    Integer.toString(partitions), Long.toString(capacity), Integer.toString(threads), jdbcUrl, CLIENT_NAME);
            return new WorkerProcess() {
                @Override
                public void kill() {
                    process.kill();
                }

                @Override
                public void stop() {
                    process.stop();
                }

                @Override
                public boolean isAlive() {
                    return process.isAlive();
                }

                @Override
                public String log() {
                    return process.log();
                }

                @Override
                public void close() {
                    process.close();
                }
            };
        });
    }

    @Override
    public Optional<BrokerFaults> faults() {
        if (!PrivateRedis.available()) {
            return Optional.empty();
        }
        nextLineFaulty = true;
        PrivateRedis server = privateRedis();
        return Optional.of(new BrokerFaults() {
            @Override
            public void dropConnections() {
                server.killClients(CLIENT_NAME);
            }

            @Override
            public void restartBroker() {
                try {
                    server.kill();
                    server.restart();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    @Override
    public void close() {
        for (Map.Entry<String, URI> line : lines.entrySet()) {
            if (line.getValue().equals(shared)) {
                try {
                    RedisTestLines.deleteLine(shared, line.getKey());
                } catch (RuntimeException e) {
                    System.err.println("could not delete line " + line.getKey() + ": " + e);
                }
            }
        }
        try {
            if (faulty != null) {
                faulty.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dataSource.close();
            h2.stop();
        }
    }

    /** Whether {@code name} was put on the private server (for messages). */
    boolean isPrivate(String name) {
        return privateNames.contains(name);
    }

    static void ping(URI uri) {
        try (Jedis jedis = new Jedis(uri)) {
            jedis.ping();
        }
    }
}
