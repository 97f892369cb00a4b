package dev.booking.jdbc;

import dev.booking.core.BookingException;
import dev.booking.jdbc.internal.FailureTranslator;
import dev.booking.jdbc.internal.H2Sql;
import dev.booking.jdbc.internal.MariaDbSql;
import dev.booking.jdbc.internal.MySqlSql;
import dev.booking.jdbc.internal.PostgresSql;
import dev.booking.jdbc.internal.SqlDialect;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

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

    /**
     * The classpath resource with this database's outbox DDL ({@link JdbcOutbox}), e.g.
     * {@code /dev/booking/jdbc/schema/outbox-postgresql.sql}; the table name in it is the placeholder
     * {@code ${table}}.
     */
    public String outboxSchemaResource() {
        return "/dev/booking/jdbc/schema/outbox-" + schemaResource;
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

    /**
     * The dialect of the database behind {@code dataSource}, read from one borrowed connection's metadata.
     *
     * @throws BookingException      if it cannot connect
     * @throws IllegalStateException if the database is not supported
     */
    static Dialect detect(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            var metaData = connection.getMetaData();
            return detect(metaData).orElseThrow(() -> new IllegalStateException(
                    "unsupported database '" + productName(metaData) + "'; set Builder.dialect(...) explicitly"));
        } catch (SQLException e) {
            throw new BookingException(FailureTranslator.classify(e),
                    "could not read the database metadata to detect the dialect", e);
        }
    }

    private static String productName(DatabaseMetaData metaData) {
        try {
            return metaData.getDatabaseProductName();
        } catch (SQLException e) {
            return "?";
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
