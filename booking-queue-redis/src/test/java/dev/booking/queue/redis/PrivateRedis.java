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

    private final boolean appendOnly;
    private final int port;
    private final Path dir;
    private Process process;

    private PrivateRedis(boolean appendOnly) throws IOException {
        this.appendOnly = appendOnly;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        this.dir = Files.createTempDirectory("booking-redis-");
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
            PrivateRedis redis = new PrivateRedis(appendOnly);
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
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
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--protected-mode", "no"));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
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
