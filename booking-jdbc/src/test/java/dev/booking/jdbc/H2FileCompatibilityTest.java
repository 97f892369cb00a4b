package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;

/** The kit on a file-backed H2 database, the embedded choice that survives a restart. */
class H2FileCompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    HikariDataSource openPool() {
        Path file = Path.of("target", "h2-file-test-" + System.nanoTime()).toAbsolutePath();
        return database().pool(POOL_SIZE, config -> config.setJdbcUrl("jdbc:h2:file:" + file));
    }
}
