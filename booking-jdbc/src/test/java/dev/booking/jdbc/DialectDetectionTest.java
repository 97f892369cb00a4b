package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dialect comes from the connection's metadata, MariaDB before MySQL; an explicit choice wins. */
class DialectDetectionTest {

    @Test
    void h2IsDetected() {
        assertThat(JdbcSeatRepository.builder(h2()).build().dialect()).isEqualTo(Dialect.H2);
    }

    @Test
    void anExplicitDialectIsUsedWithoutConnecting() {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here");
        assertThat(JdbcSeatRepository.builder(unreachable).dialect(Dialect.POSTGRESQL).build().dialect())
                .isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void postgresqlIsDetected() {
        try (HikariDataSource pool = TestDatabase.POSTGRESQL.pool(1)) {
            assertThat(JdbcSeatRepository.builder(pool).build().dialect()).isEqualTo(Dialect.POSTGRESQL);
        }
    }

    @Test
    void mariaDbIsDetectedThroughBothConnectors() {
        try (HikariDataSource pool = TestDatabase.MARIADB.pool(1)) {
            assertThat(JdbcSeatRepository.builder(pool).build().dialect()).isEqualTo(Dialect.MARIADB);
        }
        try (HikariDataSource pool = TestDatabase.MARIADB.pool(1, config -> {
            config.setJdbcUrl(config.getJdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));
            config.setDriverClassName("com.mysql.cj.jdbc.Driver");
        })) {
            // MySQL Connector/J reports the product name "MySQL"; only the version says MariaDB
            assertThat(JdbcSeatRepository.builder(pool).build().dialect()).isEqualTo(Dialect.MARIADB);
        }
    }

    static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:dialect-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
