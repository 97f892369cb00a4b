package dev.booking.jdbc.internal;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;

/**
 * One seat as stored, together with the database's verdict on whether its hold has expired. The
 * verdict comes from SQL ({@code lapsed}), never from the JVM's clock.
 *
 * @param seat       the seat
 * @param status     the stored status; a lapsed hold is still {@link SeatStatus#HELD} here
 * @param owner      the stored owner, or {@code null}
 * @param reference  the stored reference, or {@code null}
 * @param holdUntil  the stored hold expiry, or {@code null}
 * @param lapsed     whether the seat is held and its hold has expired by the database's clock
 * @param version    the stored version
 */
public record SeatRow(SeatId seat, SeatStatus status, UserId owner, BookingReference reference, Instant holdUntil,
                      boolean lapsed, long version) {

    /** The one global order of seats: show, then seat number, as {@link String#compareTo} orders them. */
    public static final Comparator<SeatId> ORDER = Comparator.comparing((SeatId seat) -> seat.show().value())
            .thenComparing(SeatId::number);

    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Reads the current row of a result set with the columns {@link SqlStatements} documents. */
    public static SeatRow read(ResultSet rs) throws SQLException {
        String owner = rs.getString("owner_id");
        String reference = rs.getString("reference");
        long micros = rs.getLong("hold_until_us");
        Instant holdUntil = rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
        return new SeatRow(SeatId.of(rs.getString("show_id"), rs.getString("seat_no")),
                SeatStatus.valueOf(rs.getString("status")),
                owner == null ? null : UserId.of(owner),
                reference == null ? null : BookingReference.of(reference),
                holdUntil,
                rs.getInt("lapsed") == 1,
                rs.getLong("version"));
    }

    /** Whether somebody holds (unexpired) or booked the seat. */
    public boolean isLive() {
        return status != SeatStatus.EMPTY && !lapsed;
    }

    /** The seat as readers see it: an expired hold reads as empty, at its stored version. */
    public SeatState toState() {
        if (lapsed) {
            return SeatState.empty(seat, version);
        }
        return new SeatState(seat, status, owner, reference, holdUntil, version);
    }
}
