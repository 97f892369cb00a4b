package dev.booking.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.function.Consumer;

/**
 * This module's names for the shared {@link dev.booking.testsupport.TestDatabase} (where each test
 * database comes from lives there, for every module whose tests need one): the suites here keep
 * writing {@code TestDatabase.POSTGRESQL} in their own package.
 */
enum TestDatabase {
    H2(dev.booking.testsupport.TestDatabase.H2),
    POSTGRESQL(dev.booking.testsupport.TestDatabase.POSTGRESQL),
    MARIADB(dev.booking.testsupport.TestDatabase.MARIADB),
    MYSQL(dev.booking.testsupport.TestDatabase.MYSQL);

    private final dev.booking.testsupport.TestDatabase shared;

    TestDatabase(dev.booking.testsupport.TestDatabase shared) {
        this.shared = shared;
    }

    /** A pool on this database, or the test class is skipped (or failed in CI) when there is none. */
    HikariDataSource pool(int size) {
        return shared.pool(size);
    }

    /** Like {@link #pool(int)}, letting the caller adjust the configuration. */
    HikariDataSource pool(int size, Consumer<HikariConfig> adjust) {
        return shared.pool(size, adjust);
    }

    /** Adjusts a MariaDB pool to connect through MySQL Connector/J instead of MariaDB's own driver. */
    static void throughMySqlConnector(HikariConfig config) {
        dev.booking.testsupport.TestDatabase.throughMySqlConnector(config);
    }

    /** The JDBC URL, with credentials, of this database. */
    String jdbcUrl() {
        return shared.jdbcUrl();
    }
}
