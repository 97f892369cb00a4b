package dev.booking.queue.rabbitmq;

import dev.booking.testsupport.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of the test's own (its own node name, ports from {@link ReservedPorts}, data and
 * log directories, Erlang cookie), so that a test may stop, kill and restart a broker without
 * touching the shared one. Needs the RabbitMQ server scripts: {@code /usr/lib/rabbitmq/bin} or
 * {@code BOOKING_TEST_RABBITMQ_BIN}.
 */
final class PrivateRabbitMq implements AutoCloseable {

    /**
     * A node's ports: AMQP, Erlang distribution, and the range its CLI calls ({@code rabbitmqctl})
     * listen on (RabbitMQ's default, 35672-35682, is shared by every node of the machine).
     *
     * @param amqp    the AMQP listener
     * @param dist    the node's Erlang distribution port
     * @param cliMin  the lowest port of the CLI tools' range
     * @param cliMax  the highest port of the CLI tools' range
     */
    record Ports(int amqp, int dist, int cliMin, int cliMax) {
        /** Rejects ports out of range and an empty CLI range. */
        Ports {
            for (int port : new int[] {amqp, dist, cliMin, cliMax}) {
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("ports must be from 1 to 65535, was " + port);
                }
            }
            if (cliMax < cliMin) {
                throw new IllegalArgumentException("cliMax must be at least cliMin, was " + cliMax + " < " + cliMin);
            }
        }
    }

    private final Path bin;
    private final Path home;
    private final String node;
    private final int port;
    private final int distPort;
    private final Ports ports;
    private volatile boolean running;

    private PrivateRabbitMq(Path bin, Path home, String node, int port, int distPort, Ports ports) {
        this.bin = bin;
        this.home = home;
        this.node = node;
        this.port = port;
        this.distPort = distPort;
        this.ports = ports;
    }

    private static PrivateRabbitMq shared;

    /**
     * The node this test JVM's suites share, started on first use (or the calling test skipped, as
     * {@link #start()} does) and stopped when the JVM exits: booting an Erlang node is the dearest
     * step of these suites, so the module boots one instead of one per suite. A suite that uses it
     * deletes its own lines, and may restart it: the node runs again when the restart returns.
     */
    static synchronized PrivateRabbitMq shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Starts a new node, or skips the calling test (never fails it) where RabbitMQ is not installed. */
    static PrivateRabbitMq start() {
        try {
            PrivateRabbitMq broker = create(ReservedPorts.nextNode(), null);
            broker.boot();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prepares a node on {@code ports} without starting it ({@link #boot()} starts it), or skips the
     * calling test where RabbitMQ is not installed.
     *
     * @param ports  its ports ({@link ReservedPorts#nextNode()})
     * @param cookie the Erlang cookie, the same for nodes that are to form a cluster; {@code null} for one of its own
     */
    static PrivateRabbitMq prepare(Ports ports, String cookie) {
        try {
            return create(ports, cookie);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateRabbitMq create(Ports ports, String cookie) throws IOException {
        String configured = System.getenv("BOOKING_TEST_RABBITMQ_BIN");
        Path bin = Path.of(configured != null ? configured : "/usr/lib/rabbitmq/bin");
        if (!Files.isExecutable(bin.resolve("rabbitmq-server"))) {
            throw TestServers.unavailable("RABBITMQ_RESTART",
                    "install RabbitMQ or set BOOKING_TEST_RABBITMQ_BIN to the folder of rabbitmq-server", false);
        }
        Path home = Files.createTempDirectory("booking-rabbitmq-");
        Files.writeString(home.resolve("rabbitmq.conf"), "");
        Files.writeString(home.resolve("enabled_plugins"), "[].\n");
        Files.writeString(home.resolve("rabbitmq-env.conf"), "");
        if (cookie != null) {
            // the server and the CLI read $HOME/.erlang.cookie; Erlang insists that only its owner may read it
            Path file = home.resolve(".erlang.cookie");
            Files.writeString(file, cookie);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        }
        String node = "rabbit-test-" + ProcessHandle.current().pid() + "-" + home.getFileName().toString().replaceAll("[^A-Za-z0-9]", "") + "@localhost";
        PrivateRabbitMq broker = new PrivateRabbitMq(bin, home, node, ports.amqp(), ports.dist(), ports);
        // a test JVM stopped early (SIGTERM) must not leave its node running
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        return broker;
    }

    /** The node's Erlang name, {@code rabbit-test-...@localhost}. */
    String nodeName() {
        return node;
    }

    /** The node's AMQP port. */
    int port() {
        return port;
    }

    /** The node's AMQP URI (guest may connect from loopback). */
    URI uri() {
        return URI.create("amqp://guest:guest@127.0.0.1:" + port + "/%2F");
    }

    /** Closes every client connection the node holds; the node keeps running. */
    void closeAllConnections() {
        run(Duration.ofSeconds(60), bin.resolve("rabbitmqctl").toString(), "-n", node, "close_all_connections",
                "booking test: connections dropped");
    }

    /**
     * The node's queues as {@code rabbitmqctl list_queues} tells them, one row per queue.
     *
     * @param columns the info items, e.g. {@code name}, {@code leader}, {@code members}
     * @return the rows, tab-separated columns split
     */
    List<List<String>> listQueues(String... columns) {
        List<String> args = new ArrayList<>(List.of("-q", "list_queues", "--no-table-headers"));
        args.addAll(List.of(columns));
        return cli("rabbitmqctl", args.toArray(String[]::new)).lines().filter(line -> !line.isBlank())
                .map(line -> List.of(line.split("\t"))).toList();
    }

    /**
     * Runs one of RabbitMQ's CLI tools against this node.
     *
     * @param tool e.g. {@code rabbitmqctl}, {@code rabbitmq-streams}
     * @param args its arguments, after {@code -n node}
     * @return what it printed on its standard output
     */
    String cli(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString(), "-n", node));
        command.addAll(List.of(args));
        Path out = home.resolve("cli.out");
        synchronized (this) {
            run(Duration.ofSeconds(60), out, command.toArray(String[]::new));
            try {
                return Files.readString(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stops the node (as an operator would) and starts it again on the same data. */
    void restart() {
        stop();
        boot();
    }

    /**
     * Makes this node, started and empty, a member of {@code seed}'s cluster (same cookie needed):
     * {@code stop_app}, {@code join_cluster}, {@code start_app}.
     */
    void joinCluster(PrivateRabbitMq seed) {
        String ctl = bin.resolve("rabbitmqctl").toString();
        run(Duration.ofSeconds(60), ctl, "-n", node, "stop_app");
        run(Duration.ofSeconds(60), ctl, "-n", node, "join_cluster", seed.node);
        run(Duration.ofSeconds(60), ctl, "-n", node, "start_app");
        awaitListener();
    }

    /**
     * Stops the node as an operator would ({@code SIGTERM}: the Erlang VM stops RabbitMQ cleanly, as
     * {@code rabbitmqctl stop} does, without the CLI's start-up cost) and waits until it has exited.
     */
    synchronized void stop() {
        if (!running) {
            return;
        }
        signal(false);
        running = false;
    }

    /**
     * Kills the node's Erlang VM ({@code kill -9} of its {@code beam.smp}: no shutdown, nothing
     * flushed by RabbitMQ) and waits until it has exited; {@link #boot()} starts it again.
     */
    synchronized void kill() {
        if (!running) {
            return;
        }
        signal(true);
        running = false;
    }

    private void signal(boolean kill) {
        Path pidFile = home.resolve("pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(beam -> {
                boolean sent = kill ? beam.destroyForcibly() : beam.destroy();
                if (!sent) {
                    throw new IllegalStateException("could not signal RabbitMQ node " + node + " (pid " + pid + ")");
                }
                beam.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
            // the next boot writes its own pid
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("no pid of RabbitMQ node " + node + ": " + e.getMessage(), e);
        }
    }

    /** Starts the node (again) on its data and waits until it takes AMQP connections. */
    synchronized void boot() {
        // the listener opens at the end of the boot; polling it spares the CLI's start-up ("rabbitmqctl wait")
        run(Duration.ofSeconds(30), bin.resolve("rabbitmq-server").toString(), "-detached");
        running = true;
        awaitListener();
    }

    private void awaitListener() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("private RabbitMQ did not listen on " + port + "; log: " + logTail());
    }

    private void run(Duration timeout, String... command) {
        run(timeout, null, command);
    }

    private void run(Duration timeout, Path output, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", home.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_PID_FILE", home.resolve("pid").toString());
        env.put("RABBITMQ_CTL_DIST_PORT_MIN", Integer.toString(ports.cliMin()));
        env.put("RABBITMQ_CTL_DIST_PORT_MAX", Integer.toString(ports.cliMax()));
        if (output == null) {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("commands.log").toFile()));
        } else {
            builder.redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("commands.log").toFile()));
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(home.resolve("commands.log")));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the node (its data is thrown away: no need to wait for a clean stop) and deletes its directories. */
    @Override
    public void close() {
        try {
            kill();
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
