package dev.booking.queue.redis;

import redis.clients.jedis.Jedis;

import java.io.File;
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
import java.util.stream.Stream;

/**
 * A redis-server of the test's own, on a spare port with its data in a temporary folder, that the
 * test may kill and restart: the shared server is never touched.
 */
final class PrivateRedis implements AutoCloseable {

    /** The ports the HA suites take their servers from (a range of their own, probed before use). */
    static final int FIRST_PORT = 16300;
    static final int LAST_PORT = 16399;
    private static int nextPort = FIRST_PORT;

    private final List<String> settings;
    private final boolean sentinel;
    private final int port;
    private final Path dir;
    private Process process;

    private PrivateRedis(List<String> settings, boolean sentinel, int port) throws IOException {
        this.settings = List.copyOf(settings);
        this.sentinel = sentinel;
        this.port = port;
        this.dir = Files.createTempDirectory("booking-redis-");
    }

    private static int ephemeralPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port of {@link #FIRST_PORT}..{@link #LAST_PORT}, round robin, so a restarted run does not meet a lingering one. */
    static synchronized int reservedPort() {
        for (int tried = 0; tried <= LAST_PORT - FIRST_PORT; tried++) {
            int port = nextPort;
            nextPort = port == LAST_PORT ? FIRST_PORT : port + 1;
            try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + ".." + LAST_PORT);
    }

    /**
     * Starts a server on a port of the reserved range with no snapshots and these settings besides.
     *
     * @param settings redis-server options, e.g. {@code "--appendonly", "yes", "--appendfsync", "everysec"}
     */
    static PrivateRedis startWith(String... settings) {
        try {
            PrivateRedis redis = new PrivateRedis(List.of(settings), false, reservedPort());
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a replica of {@code primary} (no persistence) on a port of the reserved range. */
    static PrivateRedis replicaOf(PrivateRedis primary) {
        return replicaOf(primary.port());
    }

    /** Starts a replica of the primary reached on {@code port} (a relay to it, say). */
    static PrivateRedis replicaOf(int port) {
        return startWith("--appendonly", "no", "--replicaof", "127.0.0.1", Integer.toString(port));
    }

    /**
     * Starts one Redis Sentinel watching {@code primary} as {@code master} with quorum 1, declaring it
     * down after {@code downAfterMillis} without an answer.
     */
    static PrivateRedis sentinel(PrivateRedis primary, String master, long downAfterMillis) {
        try {
            PrivateRedis sentinel = new PrivateRedis(List.of(), true, reservedPort());
            // sentinel rewrites its configuration file, so it gets one of its own in its folder
            Files.writeString(sentinel.dir.resolve("sentinel.conf"), String.join("\n",
                    "port " + sentinel.port,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + sentinel.dir,
                    "sentinel monitor " + master + " 127.0.0.1 " + primary.port() + " 1",
                    "sentinel down-after-milliseconds " + master + " " + downAfterMillis,
                    "sentinel failover-timeout " + master + " 5000",
                    ""));
            sentinel.startProcess();
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether redis-server can be started here. */
    static boolean available() {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, "redis-server")));
    }

    /**
     * Starts a server.
     *
     * @param appendOnly {@code appendonly yes} with {@code appendfsync always}, else no persistence at all
     */
    static PrivateRedis start(boolean appendOnly) {
        try {
            PrivateRedis redis = new PrivateRedis(appendOnly
                    ? List.of("--appendonly", "yes", "--appendfsync", "always")
                    : List.of("--appendonly", "no"), false, ephemeralPort());
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Whether the process is running. */
    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The server's log so far, for failure messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the server with SIGKILL: no goodbye, no final write. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts it again on the same port and folder (after {@link #kill}). */
    void restart() throws IOException {
        startProcess();
    }

    /** Kills every client connection named {@code clientName} (ours only); answers how many. */
    int killClients(String clientName) {
        try (Jedis jedis = new Jedis(uri())) {
            int killed = 0;
            for (String line : jedis.clientList().split("\n")) {
                if (line.contains(" name=" + clientName + " ")) {
                    String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                    jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().id(id));
                    killed++;
                }
            }
            return killed;
        }
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>();
        if (sentinel) {
            command.addAll(List.of("redis-server", dir.resolve("sentinel.conf").toString(), "--sentinel"));
        } else {
            command.addAll(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--protected-mode", "no"));
            command.addAll(settings);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Jedis jedis = new Jedis(uri())) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("private redis-server did not start: "
                            + Files.readString(dir.resolve("redis.log")), notYet);
                }
            }
            try {
                Thread.sleep(50); // a process starting: nothing to await but its port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
