package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The kit on MariaDB through MySQL Connector/J at its default settings (which report found rows,
 * not affected rows): the dialect must still be detected as MariaDB and every rule must hold.
 */
class MariaDbViaMySqlConnectorCompatibilityTest extends JdbcCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    HikariDataSource openPool() {
        return database().pool(POOL_SIZE, TestDatabase::throughMySqlConnector);
    }
}
