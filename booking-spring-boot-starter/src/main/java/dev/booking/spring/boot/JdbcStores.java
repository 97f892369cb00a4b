package dev.booking.spring.boot;

import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;

import javax.sql.DataSource;

/** The SQL store's beans, built here so that booking-jdbc's classes load only when it is chosen. */
final class JdbcStores {

    private JdbcStores() {
    }

    static SeatRepository repository(DataSource dataSource, BookingProperties properties, OutboxStore outbox) {
        JdbcSeatRepository.Builder builder = JdbcSeatRepository.builder(dataSource).table(properties.jdbc().table());
        Dialect dialect = dialect(properties);
        if (dialect != null) {
            builder = builder.dialect(dialect);
        }
        if (outbox != null) {
            if (!(outbox instanceof JdbcOutbox jdbcOutbox)) {
                throw new BookingConfigurationException("booking.outbox.enabled", "the store is jdbc but the "
                        + "OutboxStore bean is a " + outbox.getClass().getName(),
                        "Define a JdbcOutbox on the same DataSource, or none and let the starter make it");
            }
            builder = builder.outbox(jdbcOutbox);
        }
        JdbcSeatRepository repository = builder.build();
        if (properties.jdbc().createSchema()) {
            repository.createSchema();
        }
        return repository;
    }

    static OutboxStore outbox(DataSource dataSource, BookingProperties properties) {
        JdbcOutbox.Builder builder = JdbcOutbox.builder(dataSource);
        Dialect dialect = dialect(properties);
        if (dialect != null) {
            builder = builder.dialect(dialect);
        }
        JdbcOutbox outbox = builder.build();
        if (properties.outbox().createSchema() || properties.jdbc().createSchema()) {
            outbox.createSchema();
        }
        return outbox;
    }

    /** The dialect set by {@code booking.jdbc.dialect}, or null to detect it from the connection's metadata. */
    private static Dialect dialect(BookingProperties properties) {
        return switch (properties.jdbc().dialect()) {
            case AUTO -> null;
            case H2 -> Dialect.H2;
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB -> Dialect.MARIADB;
            case MYSQL -> Dialect.MYSQL;
        };
    }
}
