-- booking: the outbox table for MariaDB 10.11+. ${table} is the configured table name (default booking_outbox).
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
-- Timestamps are DATETIME(6) holding UTC, written and read as microseconds since the epoch, so neither the
-- session's nor the JVM's time zone plays a part. utf8mb4_nopad_bin: identifiers compare exactly.
CREATE TABLE IF NOT EXISTS `${table}` (
    id              VARCHAR(100)  CHARACTER SET ascii   COLLATE ascii_bin NOT NULL,
    kind            VARCHAR(16)   CHARACTER SET ascii   COLLATE ascii_bin NOT NULL,
    user_id         VARCHAR(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    reference       VARCHAR(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    seats           MEDIUMTEXT    CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    hold_expires_at DATETIME(6),
    detail          VARCHAR(1000) CHARACTER SET utf8mb4,
    created_at      DATETIME(6)   NOT NULL,
    state           VARCHAR(16)   CHARACTER SET ascii   COLLATE ascii_bin NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(6)   NOT NULL,
    lease_owner     VARCHAR(200)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
    lease_until     DATETIME(6),
    last_error      VARCHAR(1000) CHARACTER SET utf8mb4,
    sent_at         DATETIME(6),
    CONSTRAINT `${table}_pk` PRIMARY KEY (id),
    INDEX `${table}_due_ix` (state, next_attempt_at),
    INDEX `${table}_created_ix` (state, created_at),
    CONSTRAINT `${table}_kind_ck` CHECK (kind IN ('HELD', 'BOOKED', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REFUSED', 'FAILED')),
    CONSTRAINT `${table}_state_ck` CHECK (state IN ('PENDING', 'SENT', 'DEAD')),
    CONSTRAINT `${table}_sent_ck` CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
) ENGINE = InnoDB;
