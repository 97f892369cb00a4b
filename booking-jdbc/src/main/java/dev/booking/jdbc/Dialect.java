package dev.booking.jdbc;

import dev.booking.jdbc.internal.H2Sql;
import dev.booking.jdbc.internal.MariaDbSql;
import dev.booking.jdbc.internal.MySqlSql;
import dev.booking.jdbc.internal.PostgresSql;
import dev.booking.jdbc.internal.SqlDialect;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * The databases the SQL adapter supports. Normally detected from the connection's
 * {@link DatabaseMetaData}; set it explicitly with {@link JdbcSeatRepository.Builder#dialect} when
 * detection is not wanted (no connection at start-up) or a proxy reports another name.
 */
public enum Dialect {
    /** H2 2.x, in-memory or file: the embedded default. */
    H2("h2.sql", new H2Sql()),
    /** PostgreSQL 15 and later. */
    POSTGRESQL("postgresql.sql", new PostgresSql()),
    /** MariaDB 10.11 and later, with MariaDB Connector/J or MySQL Connector/J. */
    MARIADB("mariadb.sql", new MariaDbSql()),
    /** MySQL 8.0 and later, with MySQL Connector/J or MariaDB Connector/J. */
    MYSQL("mysql.sql", new MySqlSql());

    private final String schemaResource;
    private final SqlDialect sql;

    Dialect(String schemaResource, SqlDialect sql) {
        this.schemaResource = schemaResource;
        this.sql = sql;
    }

    /**
     * The classpath resource with this database's DDL, e.g.
     * {@code /dev/booking/jdbc/schema/postgresql.sql}; the table name in it is the placeholder
     * {@code ${table}}.
     */
    public String schemaResource() {
        return "/dev/booking/jdbc/schema/" + schemaResource;
    }

    SqlDialect sql() {
        return sql;
    }

    /**
     * Recognises the database behind a connection. MariaDB is checked before MySQL: a MariaDB
     * server reached through MySQL Connector/J reports the product name "MySQL" and a version such
     * as {@code 5.5.5-10.11.6-MariaDB}.
     *
     * @param metaData the connection's metadata
     * @return the dialect, or empty if the database is not supported
     * @throws SQLException if the metadata cannot be read
     */
    public static Optional<Dialect> detect(DatabaseMetaData metaData) throws SQLException {
        String product = lower(metaData.getDatabaseProductName());
        String version = lower(metaData.getDatabaseProductVersion());
        if (product.contains("mariadb") || version.contains("mariadb")) {
            return Optional.of(MARIADB);
        }
        if (product.contains("mysql")) {
            return Optional.of(MYSQL);
        }
        if (product.contains("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        if (product.equals("h2")) {
            return Optional.of(H2);
        }
        return Optional.empty();
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
