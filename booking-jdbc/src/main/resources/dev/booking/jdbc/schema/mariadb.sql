-- booking: the seat table for MariaDB 10.11+. ${table} is the configured table name (default booking_seat).
-- One row per seat; the primary key makes every claim touch exactly one index entry.
-- utf8mb4_nopad_bin: identifiers and references compare exactly (case and trailing spaces count), unlike
-- the default case-insensitive PAD SPACE collations under which 'A1', 'a1' and 'A1 ' would be one seat.
-- Columns:
--   show_id, seat_no  the seat; together the primary key
--   status            EMPTY, HELD (until hold_until) or BOOKED
--   owner_id          who holds or booked the seat; NULL exactly when EMPTY
--   reference         the hold's or booking's reference, shared by the seats one claim won; NULL exactly when EMPTY
--   hold_until        when a hold expires, in UTC by the database's clock (UTC_TIMESTAMP(6)); set exactly when
--                     HELD. A hold whose hold_until has passed is free to claim whether or not a sweep has cleared it
--   version           increases by one on every change of the seat
--   updated_at        when the seat last changed, in UTC, written with UTC_TIMESTAMP(6) whatever the session time zone
-- Indexes (declared in the table, so that CREATE TABLE IF NOT EXISTS is the whole DDL):
--   ${table}_reference_ix   finds the seats of one reference (confirm, release, the replay of a claim)
--   ${table}_hold_until_ix  finds expired holds, oldest first, for the sweep
-- The application needs SELECT, INSERT and UPDATE on this table, nothing more.
CREATE TABLE IF NOT EXISTS `${table}` (
    show_id    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    seat_no    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    status     VARCHAR(16)  CHARACTER SET ascii   COLLATE ascii_bin         NOT NULL,
    owner_id   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
    reference  VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
    hold_until DATETIME(6),
    version    BIGINT       NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    CONSTRAINT `${table}_pk` PRIMARY KEY (show_id, seat_no),
    INDEX `${table}_reference_ix` (reference),
    INDEX `${table}_hold_until_ix` (hold_until),
    CONSTRAINT `${table}_status_ck` CHECK (status IN ('EMPTY', 'HELD', 'BOOKED')),
    CONSTRAINT `${table}_owner_ck` CHECK ((status = 'EMPTY') = (owner_id IS NULL)),
    CONSTRAINT `${table}_reference_ck` CHECK ((status = 'EMPTY') = (reference IS NULL)),
    CONSTRAINT `${table}_hold_ck` CHECK ((status = 'HELD') = (hold_until IS NOT NULL))
) ENGINE = InnoDB;
-- The reference table: one row per reference, written by the first claim that succeeds under it, in the
-- claim's transaction, and never changed or deleted, so that a reference names one claim for good (a later
-- claim of other seats, or by another user, under it is refused with ReferenceInUse, even after the first
-- claim's seats were released or lapsed). The primary key is what keeps two concurrent claims from binding
-- one reference. The application needs SELECT, INSERT and UPDATE on this table (UPDATE for the claim's
-- locking read and the no-op assignment of INSERT ... ON DUPLICATE KEY UPDATE; no row is ever changed).
-- Columns:
--   reference     the reference; the primary key, compared exactly
--   show_id       the show of the claim that bound it
--   owner_id      the user of that claim
--   seats_sha256  SHA-256 (lower-case hex) of that claim's seat numbers, sorted and length-prefixed
--   created_at    when it was bound, in UTC
CREATE TABLE IF NOT EXISTS `${table}_reference` (
    reference    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    show_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    owner_id     VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    seats_sha256 CHAR(64)     CHARACTER SET ascii   COLLATE ascii_bin         NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    CONSTRAINT `${table}_reference_pk` PRIMARY KEY (reference)
) ENGINE = InnoDB;
