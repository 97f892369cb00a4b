package dev.booking.queue.rabbitmq;

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

import java.net.URI;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The queue kit's fixture on RabbitMQ. Lines live on a private RabbitMQ node that the fixture
 * starts (so that it may drop every connection and restart the broker) where the RabbitMQ server
 * is installed; elsewhere on the shared broker, without faults. Seats live in H2 behind a TCP
 * server, so that worker processes decide on the same store through booking-jdbc.
 */
final class RabbitMqLineFixture implements LineFixture {

    /**
     * Worker processes wait this long before each claim, as the kit's in-process dying worker does,
     * so that a process is still deciding when rule L4 kills it (otherwise it keeps up with the
     * submits and has nothing in hand).
     */
    private static final long CLAIM_DELAY_MILLIS = 10;

    private final PrivateRabbitMq privateBroker;
    private final URI uri;
    private final Server h2;
    private final String jdbcUrl;
    private final HikariDataSource dataSource;
    private final JdbcSeatRepository seats;
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<WorkerProcess> processes = new CopyOnWriteArrayList<>();

    RabbitMqLineFixture() {
        URI shared = RabbitMqTestBroker.uri();
        PrivateRabbitMq started = null;
        try {
            started = PrivateRabbitMq.shared();
        } catch (org.opentest4j.TestAbortedException notInstalled) {
            System.err.println("booking-tck: RabbitMQ server not installed here: the kit runs on the shared broker, without broker faults");
        }
        this.privateBroker = started;
        this.uri = started != null ? started.uri() : shared;
        try {
            this.h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the H2 TCP server", e);
        }
        this.jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:line-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(16);
        this.dataSource = new HikariDataSource(config);
        this.seats = JdbcSeatRepository.builder(dataSource).build();
        seats.createSchema();
    }

    @Override
    public String backendName() {
        return "RabbitMQ";
    }

    @Override
    public LineTransport open(String name, int partitions, long capacity) {
        synchronized (lines) {
            lines.put(name, partitions);
        }
        return RabbitMqLine.builder(uri).name(name).partitions(partitions).capacity(capacity).build();
    }

    @Override
    public SeatRepository seats() {
        return seats;
    }

    @Override
    public Optional<WorkerProcesses> processes() {
        return Optional.of((lineName, partitions, capacity, threads) -> {
            JvmProcess jvm = JvmProcess.start(RabbitMqWorkerMain.class, uri.toString(), lineName,
                    Integer.toString(partitions), Long.toString(capacity), Integer.toString(threads), jdbcUrl,
                    Long.toString(CLAIM_DELAY_MILLIS));
            WorkerProcess process = new WorkerProcess() {
                @Override
                public void kill() {
                    jvm.kill();
                }

                @Override
                public void stop() {
                    jvm.stop();
                }

                @Override
                public boolean isAlive() {
                    return jvm.isAlive();
                }

                @Override
                public String log() {
                    return jvm.log();
                }

                @Override
                public void close() {
                    jvm.close();
                }
            };
            processes.add(process);
            return process;
        });
    }

    @Override
    public Optional<BrokerFaults> faults() {
        if (privateBroker == null) {
            return Optional.empty();
        }
        return Optional.of(new BrokerFaults() {
            @Override
            public void dropConnections() {
                privateBroker.closeAllConnections();
            }

            @Override
            public void restartBroker() {
                privateBroker.restart();
            }
        });
    }

    @Override
    public void close() {
        processes.forEach(WorkerProcess::close);
        try {
            // the private node is shared by the module's suites and stops with the JVM: only the lines go
            synchronized (lines) {
                lines.forEach((name, partitions) -> RabbitMqTestBroker.deleteLine(uri, name, partitions));
            }
        } finally {
            dataSource.close();
            h2.stop();
        }
    }
}
