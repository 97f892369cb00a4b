package dev.booking.jdbc.internal;

/** MySQL 8.0+; its DDL uses the {@code utf8mb4_0900_bin} collation. */
public final class MySqlSql extends MySqlFamilySql {
}
