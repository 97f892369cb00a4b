-- booking: the seat table for PostgreSQL 15+. ${table} is the configured table name (default booking_seat).
-- One row per seat; the primary key makes every claim touch exactly one index entry.
-- COLLATE "C": identifiers and references compare byte for byte, whatever the database's locale.
-- Columns:
--   show_id, seat_no  the seat; together the primary key
--   status            EMPTY, HELD (until hold_until) or BOOKED
--   owner_id          who holds or booked the seat; NULL exactly when EMPTY
--   reference         the hold's or booking's reference, shared by the seats one claim won; NULL exactly when EMPTY
--   hold_until        when a hold expires, by the database's clock; set exactly when HELD. A hold whose
--                     hold_until has passed is free to claim whether or not a sweep has cleared it yet
--   version           increases by one on every change of the seat
--   updated_at        when the seat last changed, by the database's clock
-- The application needs SELECT, INSERT and UPDATE on this table, nothing more.
CREATE TABLE IF NOT EXISTS "${table}" (
    show_id    VARCHAR(128) COLLATE "C" NOT NULL,
    seat_no    VARCHAR(128) COLLATE "C" NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    owner_id   VARCHAR(128) COLLATE "C",
    reference  VARCHAR(128) COLLATE "C",
    hold_until TIMESTAMPTZ,
    version    BIGINT                   NOT NULL,
    updated_at TIMESTAMPTZ              NOT NULL,
    CONSTRAINT "${table}_pk" PRIMARY KEY (show_id, seat_no),
    CONSTRAINT "${table}_status_ck" CHECK (status IN ('EMPTY', 'HELD', 'BOOKED')),
    CONSTRAINT "${table}_owner_ck" CHECK ((status = 'EMPTY') = (owner_id IS NULL)),
    CONSTRAINT "${table}_reference_ck" CHECK ((status = 'EMPTY') = (reference IS NULL)),
    CONSTRAINT "${table}_hold_ck" CHECK ((status = 'HELD') = (hold_until IS NOT NULL))
);
-- Finds the seats of one reference (confirm, release, the replay of a claim); partial: empty seats have none.
CREATE INDEX IF NOT EXISTS "${table}_reference_ix" ON "${table}" (reference) WHERE reference IS NOT NULL;
-- Finds expired holds, oldest first, for the sweep; partial: only held seats have a hold_until.
CREATE INDEX IF NOT EXISTS "${table}_hold_until_ix" ON "${table}" (hold_until) WHERE hold_until IS NOT NULL;
-- The reference table: one row per reference, written by the first claim that succeeds under it, in the
-- claim's transaction, and never changed or deleted, so that a reference names one claim for good (a later
-- claim of other seats, or by another user, under it is refused with ReferenceInUse, even after the first
-- claim's seats were released or lapsed). The primary key is what keeps two concurrent claims from binding
-- one reference. The application needs SELECT, INSERT and UPDATE on this table (UPDATE because the claim
-- reads the binding FOR UPDATE; no row is ever updated).
-- Columns:
--   reference     the reference; the primary key
--   show_id       the show of the claim that bound it
--   owner_id      the user of that claim
--   seats_sha256  SHA-256 (lower-case hex) of that claim's seat numbers, sorted and length-prefixed
--   created_at    when it was bound, by the database's clock
CREATE TABLE IF NOT EXISTS "${table}_reference" (
    reference    VARCHAR(128) COLLATE "C" NOT NULL,
    show_id      VARCHAR(128) COLLATE "C" NOT NULL,
    owner_id     VARCHAR(128) COLLATE "C" NOT NULL,
    seats_sha256 CHAR(64)     COLLATE "C" NOT NULL,
    created_at   TIMESTAMPTZ              NOT NULL,
    CONSTRAINT "${table}_reference_pk" PRIMARY KEY (reference)
);
