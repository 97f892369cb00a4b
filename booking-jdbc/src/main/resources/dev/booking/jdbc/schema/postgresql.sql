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
