-- booking: the seat table for MariaDB 10.11+. ${table} is the configured table name (default booking_seat).
-- One row per seat; the primary key makes every claim touch exactly one index entry.
-- utf8mb4_nopad_bin: identifiers compare exactly (case and trailing spaces count), unlike the
-- default case-insensitive PAD SPACE collations under which 'A1', 'a1' and 'A1 ' would be one seat.
-- updated_at holds UTC, written with UTC_TIMESTAMP(6) whatever the session time zone.
-- The application needs SELECT, INSERT and UPDATE on this table, nothing more.
CREATE TABLE IF NOT EXISTS `${table}` (
    show_id    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    seat_no    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    status     VARCHAR(16)  CHARACTER SET ascii   COLLATE ascii_bin         NOT NULL,
    owner_id   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
    version    BIGINT       NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    CONSTRAINT `${table}_pk` PRIMARY KEY (show_id, seat_no),
    CONSTRAINT `${table}_status_ck` CHECK (status IN ('EMPTY', 'BOOKED')),
    CONSTRAINT `${table}_owner_ck` CHECK ((status = 'EMPTY') = (owner_id IS NULL))
) ENGINE = InnoDB;
