/**
 * The SQL adapter: {@link dev.booking.jdbc.JdbcSeatRepository} implements the booking contract on
 * PostgreSQL, MariaDB, MySQL and H2 through Jdbi over a {@link javax.sql.DataSource} the
 * application owns. Every {@code tryBook} is one conditional {@code UPDATE ... WHERE status = 'EMPTY'}
 * whose update count decides the winner, followed, only for a seat whose hold has expired, by a
 * second UPDATE that takes over exactly that hold (by version) and tells it expired; the seat lifecycle (holds, confirmation, release, all-or-nothing groups, the sweep of
 * expired holds) runs in short transactions that lock rows in one global order. The database's
 * clock alone sets and judges holds. The schema for each database ships as a resource and is
 * created only when asked.
 */
package dev.booking.jdbc;
