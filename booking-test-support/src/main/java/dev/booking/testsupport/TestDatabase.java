package dev.booking.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where each test database comes from, in this order: an environment variable with its JDBC URL
 * (credentials in the URL), else a Testcontainers container when a Docker engine is present, else
 * the suite is skipped with one line saying how to enable it ({@link TestServers}). With
 * {@code CI=true}, a PostgreSQL or MariaDB suite that cannot run fails instead (MySQL only with
 * {@code BOOKING_REQUIRE_MYSQL=true}).
 *
 * <p>Shared by every module whose tests need a SQL database; such a module declares HikariCP, the
 * drivers and the Testcontainers modules it uses itself (they are optional here).
 */
public enum TestDatabase {
    H2(null, null, false),
    POSTGRESQL("BOOKING_TEST_POSTGRES_URL", "postgres:16-alpine", true),
    MARIADB("BOOKING_TEST_MARIADB_URL", "mariadb:11.4", true),
    MYSQL("BOOKING_TEST_MYSQL_URL", "mysql:8.4", false);

    private static final Map<TestDatabase, JdbcDatabaseContainer<?>> CONTAINERS = new ConcurrentHashMap<>();

    private final String urlVariable;
    private final String image;
    private final boolean requiredInCi;

    TestDatabase(String urlVariable, String image, boolean requiredInCi) {
        this.urlVariable = urlVariable;
        this.image = image;
        this.requiredInCi = requiredInCi;
    }

    /** A pool on this database, or the test class is skipped (or failed in CI) when there is none. */
    public HikariDataSource pool(int size) {
        return pool(size, config -> { });
    }

    /** Like {@link #pool(int)}, letting the caller adjust the configuration. */
    public HikariDataSource pool(int size, Consumer<HikariConfig> adjust) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(size);
        config.setPoolName("test-" + name().toLowerCase(Locale.ROOT));
        config.setConnectionTimeout(60_000);
        adjust.accept(config);
        return new HikariDataSource(config);
    }

    /** Adjusts a MariaDB pool to connect through MySQL Connector/J instead of MariaDB's own driver. */
    public static void throughMySqlConnector(HikariConfig config) {
        config.setJdbcUrl(config.getJdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));
        config.setDriverClassName("com.mysql.cj.jdbc.Driver");
    }

    /** The JDBC URL, with credentials, of this database. */
    public String jdbcUrl() {
        if (this == H2) {
            return "jdbc:h2:mem:booking-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        }
        String url = System.getenv(urlVariable);
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (dockerAvailable()) {
            JdbcDatabaseContainer<?> container = CONTAINERS.computeIfAbsent(this, TestDatabase::startContainer);
            String separator = container.getJdbcUrl().contains("?") ? "&" : "?";
            return container.getJdbcUrl() + separator + "user=" + container.getUsername()
                    + "&password=" + container.getPassword();
        }
        throw TestServers.unavailable(name(), "set " + urlVariable + " (e.g. " + example()
                + ") or run where Docker is available for Testcontainers", requiredInCi);
    }

    private String example() {
        return switch (this) {
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/booking_test?user=postgres";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/booking_test?user=root&password=";
            case MYSQL -> "jdbc:mysql://127.0.0.1:3306/booking_test?user=root&password=secret";
            case H2 -> "";
        };
    }

    private static boolean dockerAvailable() {
        if (!TestServers.dockerHinted()) {
            return false; // spares Testcontainers' long error report on machines without Docker
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static JdbcDatabaseContainer<?> startContainer(TestDatabase database) {
        JdbcDatabaseContainer<?> container = switch (database) {
            case POSTGRESQL -> new PostgreSQLContainer(database.image);
            case MARIADB -> new MariaDBContainer(database.image);
            case MYSQL -> new MySQLContainer(database.image);
            case H2 -> throw new IllegalArgumentException("H2 runs embedded");
        };
        container.start(); // stopped by Testcontainers' reaper when the JVM ends
        return container;
    }
}
