package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The kit on MariaDB with {@code useAffectedRows=true}: the opposite of the driver default. The
 * version bump makes every winning UPDATE change its row, so the count is 1 either way.
 */
class MariaDbAffectedRowsCompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    HikariDataSource openPool() {
        return database().pool(POOL_SIZE, config -> config.addDataSourceProperty("useAffectedRows", "true"));
    }
}
