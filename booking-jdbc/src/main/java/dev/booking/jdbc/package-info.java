/**
 * The SQL adapter: {@link dev.booking.jdbc.JdbcSeatRepository} implements the booking contract on
 * PostgreSQL, MariaDB, MySQL and H2 through Jdbi over a {@link javax.sql.DataSource} the
 * application owns. Every claim is one conditional {@code UPDATE ... WHERE status = 'EMPTY'} whose
 * update count decides the winner; the schema for each database ships as a resource and is created
 * only when asked.
 */
package dev.booking.jdbc;
