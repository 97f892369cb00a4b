package dev.booking.jdbc;

/**
 * The transaction isolation level the repository's transactions run at, when set with
 * {@link JdbcSeatRepository.Builder#isolation}. The levels are those of {@link java.sql.Connection};
 * without a setting every statement runs at the connection's own level.
 */
public enum Isolation {
    /** {@link java.sql.Connection#TRANSACTION_READ_UNCOMMITTED}. */
    READ_UNCOMMITTED,
    /** {@link java.sql.Connection#TRANSACTION_READ_COMMITTED}. */
    READ_COMMITTED,
    /** {@link java.sql.Connection#TRANSACTION_REPEATABLE_READ}. */
    REPEATABLE_READ,
    /**
     * {@link java.sql.Connection#TRANSACTION_SERIALIZABLE}. On PostgreSQL the losers of a race are
     * aborted with SQLState 40001: pair it with {@link JdbcSeatRepository.Builder#retry}.
     */
    SERIALIZABLE
}
