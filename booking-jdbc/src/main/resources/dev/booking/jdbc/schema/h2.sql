-- booking: the seat table for H2 2.x. ${table} is the configured table name (default booking_seat).
-- One row per seat; the primary key makes every claim touch exactly one index entry.
CREATE TABLE IF NOT EXISTS "${table}" (
    show_id    VARCHAR(128)                NOT NULL,
    seat_no    VARCHAR(128)                NOT NULL,
    status     VARCHAR(16)                 NOT NULL,
    owner_id   VARCHAR(128),
    version    BIGINT                      NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT "${table}_pk" PRIMARY KEY (show_id, seat_no),
    CONSTRAINT "${table}_status_ck" CHECK (status IN ('EMPTY', 'BOOKED')),
    CONSTRAINT "${table}_owner_ck" CHECK ((status = 'EMPTY') = (owner_id IS NULL))
);
