-- booking: the outbox table for PostgreSQL 15+. ${table} is the configured table name (default booking_outbox).
-- One row per notice (dev.booking.core.outbox.Notice), written in the same transaction as the change it tells,
-- or by appendIfAbsent for an answer that changes no seat; a relay claims due rows under a lease and marks them.
-- Columns:
--   id               the notice's stable id ([A-Za-z0-9._-], at most 100), carried by every delivery; the primary key
--   kind             HELD, BOOKED, CONFIRMED, RELEASED, EXPIRED, REFUSED or FAILED
--   user_id          whom to tell (the application's UserId)
--   reference        the booking reference the change or request was made under
--   seats            the seats, length-prefixed: per seat <length>:<show><length>:<number>, lengths in UTF-16 units
--   hold_expires_at  when a hold must be paid by, for HELD; else NULL
--   detail           why, for REFUSED and FAILED; else NULL
--   created_at       when the notice was written
--   state            PENDING (waiting for a relay), SENT or DEAD
--   attempts         deliveries started so far (counted when a relay claims the row)
--   next_attempt_at  when a PENDING row is next due
--   lease_owner      the relay that claimed the row last; it alone may mark it while lease_until has not passed
--   lease_until      when that claim ends; NULL when the row is not claimed
--   last_error       why the last attempt failed, or NULL
--   sent_at          when it was delivered, for SENT; else NULL
-- Indexes: ${table}_due_ix serves the claim (state, next_attempt_at); ${table}_created_ix serves the listing
-- and the purge (state, created_at).
-- The application (repository and relay) needs SELECT, INSERT, UPDATE and DELETE (the purge) on this table.
-- Timestamps are TIMESTAMPTZ (microseconds); identifiers compare byte for byte (COLLATE "C").
CREATE TABLE IF NOT EXISTS "${table}" (
    id              VARCHAR(100)  COLLATE "C" NOT NULL,
    kind            VARCHAR(16)               NOT NULL,
    user_id         VARCHAR(128)  COLLATE "C" NOT NULL,
    reference       VARCHAR(128)  COLLATE "C" NOT NULL,
    seats           TEXT          COLLATE "C" NOT NULL,
    hold_expires_at TIMESTAMPTZ,
    detail          VARCHAR(1000),
    created_at      TIMESTAMPTZ               NOT NULL,
    state           VARCHAR(16)               NOT NULL,
    attempts        INTEGER                   NOT NULL,
    next_attempt_at TIMESTAMPTZ               NOT NULL,
    lease_owner     VARCHAR(200)  COLLATE "C",
    lease_until     TIMESTAMPTZ,
    last_error      VARCHAR(1000),
    sent_at         TIMESTAMPTZ,
    CONSTRAINT "${table}_pk" PRIMARY KEY (id),
    CONSTRAINT "${table}_kind_ck" CHECK (kind IN ('HELD', 'BOOKED', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REFUSED', 'FAILED')),
    CONSTRAINT "${table}_state_ck" CHECK (state IN ('PENDING', 'SENT', 'DEAD')),
    CONSTRAINT "${table}_sent_ck" CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS "${table}_due_ix" ON "${table}" (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS "${table}_created_ix" ON "${table}" (state, created_at);
