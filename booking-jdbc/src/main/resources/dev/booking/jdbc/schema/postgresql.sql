-- booking: the seat table for PostgreSQL 15+. ${table} is the configured table name (default booking_seat).
-- One row per seat; the primary key makes every claim touch exactly one index entry.
-- COLLATE "C": identifiers compare byte for byte, whatever the database's locale.
-- The application needs SELECT, INSERT and UPDATE on this table, nothing more.
CREATE TABLE IF NOT EXISTS "${table}" (
    show_id    VARCHAR(128) COLLATE "C" NOT NULL,
    seat_no    VARCHAR(128) COLLATE "C" NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    owner_id   VARCHAR(128) COLLATE "C",
    version    BIGINT                   NOT NULL,
    updated_at TIMESTAMPTZ              NOT NULL,
    CONSTRAINT "${table}_pk" PRIMARY KEY (show_id, seat_no),
    CONSTRAINT "${table}_status_ck" CHECK (status IN ('EMPTY', 'BOOKED')),
    CONSTRAINT "${table}_owner_ck" CHECK ((status = 'EMPTY') = (owner_id IS NULL))
);
