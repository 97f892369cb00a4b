package dev.booking.jdbc.internal;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
import dev.booking.core.spi.StoredSeat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Reads a row of the seat table as a {@link StoredSeat}, with the database's verdict on its hold:
 * the {@code lapsed} column is computed in SQL against the database's clock, never the JVM's.
 */
final class SeatMapping {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private SeatMapping() {
    }

    /** Reads the current row of a result set with the columns {@link SeatStatements} documents. */
    static StoredSeat read(ResultSet rs) throws SQLException {
        String owner = rs.getString("owner_id");
        String reference = rs.getString("reference");
        long micros = rs.getLong("hold_until_us");
        Instant holdUntil = rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
        SeatState state = new SeatState(SeatId.of(rs.getString("show_id"), rs.getString("seat_no")),
                SeatStatus.valueOf(rs.getString("status")),
                owner == null ? null : UserId.of(owner),
                reference == null ? null : BookingReference.of(reference),
                holdUntil,
                rs.getLong("version"));
        return new StoredSeat(state, rs.getInt("lapsed") == 1);
    }
}
