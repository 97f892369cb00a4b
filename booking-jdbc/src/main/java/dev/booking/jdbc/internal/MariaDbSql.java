package dev.booking.jdbc.internal;

/** MariaDB 10.11+; its DDL uses the {@code utf8mb4_nopad_bin} collation. */
public final class MariaDbSql extends MySqlFamilySql {
}
