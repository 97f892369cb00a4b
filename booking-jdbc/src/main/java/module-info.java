/**
 * The booking contract on relational databases (PostgreSQL, MariaDB, MySQL, H2) through Jdbi.
 * Only {@code dev.booking.jdbc} is API; {@code dev.booking.jdbc.internal} stays inside.
 */
module dev.booking.jdbc {
    requires transitive dev.booking.core;
    requires transitive java.sql;
    // an implementation detail: no Jdbi type appears in the API
    requires org.jdbi.v3.core;
    // one WARN at build() when a Galera node's wsrep_sync_wait is too low
    requires org.slf4j;

    exports dev.booking.jdbc;
}
