package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.testsupport.TestServers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The three-node MariaDB Galera cluster the Galera suites run on: its nodes' JDBC URLs
 * ({@code BOOKING_TEST_GALERA_URLS}, comma-separated) and the script that controls it
 * ({@code BOOKING_TEST_GALERA_CONTROL}, {@code .ci/galera}). Without them the suite is skipped with
 * one line, or fails with {@code CI=true}.
 *
 * @param urls    the JDBC URLs of nodes 1, 2 and 3, with credentials
 * @param control the control script, which takes {@code kill N}, {@code start-node N}, ...
 */
record GaleraCluster(List<String> urls, Path control) {

    /** What the kit needs of every session: reads, UPDATEs and DELETEs wait until the node has applied
     * every write set the cluster had committed when they started (see the README's Galera section). */
    static final String SYNC_WAIT = "SET SESSION wsrep_sync_wait = " + Integer.getInteger("booking.galera.syncWait", 3);

    private static final String HOW_TO_ENABLE = "start a cluster with .ci/galera start and set "
            + "BOOKING_TEST_GALERA_URLS and BOOKING_TEST_GALERA_CONTROL";

    GaleraCluster {
        if (urls == null || urls.size() != 3) {
            throw new IllegalArgumentException("urls must name three nodes, was " + urls);
        }
        if (control == null) {
            throw new IllegalArgumentException("control must be set");
        }
    }

    /** The cluster of this environment, or the calling suite is skipped (failed in CI) without one. */
    static GaleraCluster fromEnvironment() {
        String urls = System.getenv("BOOKING_TEST_GALERA_URLS");
        String control = System.getenv("BOOKING_TEST_GALERA_CONTROL");
        if (urls == null || urls.isBlank() || control == null || control.isBlank()) {
            throw TestServers.unavailable("GALERA", HOW_TO_ENABLE, true);
        }
        Path script = Path.of(control);
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("BOOKING_TEST_GALERA_CONTROL is not an executable script: " + control);
        }
        return new GaleraCluster(Arrays.stream(urls.split(",")).map(String::trim).toList(), script);
    }

    /**
     * A pool on node {@code node} (1 to 3) whose sessions run with {@link #SYNC_WAIT}.
     *
     * @param adjust further settings, applied last
     */
    HikariDataSource pool(int node, int size, Consumer<HikariConfig> adjust) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(node));
        config.setMaximumPoolSize(size);
        config.setPoolName("galera-node" + node);
        config.setConnectionTimeout(60_000);
        config.setConnectionInitSql(SYNC_WAIT);
        adjust.accept(config);
        return new HikariDataSource(config);
    }

    /** One pool per node, in node order, each with {@code size} connections. */
    List<HikariDataSource> pools(int size) {
        return List.of(pool(1, size, c -> { }), pool(2, size, c -> { }), pool(3, size, c -> { }));
    }

    /** The JDBC URL of node {@code node}, 1 to 3. */
    String url(int node) {
        if (node < 1 || node > 3) {
            throw new IllegalArgumentException("node must be 1 to 3, was " + node);
        }
        return urls.get(node - 1);
    }

    /**
     * Runs the control script with {@code arguments} (e.g. {@code kill 3}) and waits for it.
     *
     * @throws IllegalStateException if it fails or takes more than three minutes
     */
    void control(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = control.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took more than three minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + control, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + control, e);
        }
    }
}
