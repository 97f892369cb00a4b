package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The lifecycle rules of the kit on MariaDB through MySQL Connector/J: the hold expiries, the
 * bound hold lengths and limits, and the update counts of group statements must come out the same
 * through the other driver of the MySQL family.
 */
class MariaDbViaMySqlConnectorLifecycleCompatibilityTest extends JdbcLifecycleCompatibilitySuite {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    HikariDataSource openPool() {
        return database().pool(POOL_SIZE, TestDatabase::throughMySqlConnector);
    }
}
