package dev.booking.queue.rabbitmq;

import dev.booking.testsupport.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
 * A RabbitMQ node of the test's own (its own node name, ports, data and log directories, Erlang
 * cookie), so that a test may stop and restart a broker without touching the shared one. Needs the
 * RabbitMQ server scripts: {@code /usr/lib/rabbitmq/bin} or {@code BOOKING_TEST_RABBITMQ_BIN}.
 */
final class PrivateRabbitMq implements AutoCloseable {

    private final Path bin;
    private final Path home;
    private final String node;
    private final int port;
    private final int distPort;
    private volatile boolean running;

    private PrivateRabbitMq(Path bin, Path home, String node, int port, int distPort) {
        this.bin = bin;
        this.home = home;
        this.node = node;
        this.port = port;
        this.distPort = distPort;
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
        String configured = System.getenv("BOOKING_TEST_RABBITMQ_BIN");
        Path bin = Path.of(configured != null ? configured : "/usr/lib/rabbitmq/bin");
        if (!Files.isExecutable(bin.resolve("rabbitmq-server"))) {
            throw TestServers.unavailable("RABBITMQ_RESTART",
                    "install RabbitMQ or set BOOKING_TEST_RABBITMQ_BIN to the folder of rabbitmq-server", false);
        }
        try {
            Path home = Files.createTempDirectory("booking-rabbitmq-");
            Files.writeString(home.resolve("rabbitmq.conf"), "");
            Files.writeString(home.resolve("enabled_plugins"), "[].\n");
            Files.writeString(home.resolve("rabbitmq-env.conf"), "");
            String node = "rabbit-test-" + ProcessHandle.current().pid() + "-" + home.getFileName().toString().replaceAll("[^A-Za-z0-9]", "") + "@localhost";
            PrivateRabbitMq broker = new PrivateRabbitMq(bin, home, node, freePort(), freePort());
            // a test JVM stopped early (SIGTERM) must not leave its node running
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            broker.boot();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Stops the node (as an operator would) and starts it again on the same data. */
    void restart() {
        stop();
        boot();
    }

    /** Stops the node and waits until it has exited. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        run(Duration.ofSeconds(60), bin.resolve("rabbitmqctl").toString(), "-n", node, "stop", home.resolve("pid").toString());
        running = false;
    }

    private void boot() {
        run(Duration.ofSeconds(30), bin.resolve("rabbitmq-server").toString(), "-detached");
        running = true;
        run(Duration.ofSeconds(90), bin.resolve("rabbitmqctl").toString(), "-n", node, "wait", home.resolve("pid").toString(),
                "--timeout", "80");
        // "wait" returns when the app has started; the listener is opened at the end of the boot
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("commands.log").toFile());
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
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("commands.log").toFile()));
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the node and deletes its directories. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
