package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox table's rows: how a {@link Notice} is written (on a connection whose transaction the
 * caller controls, so that a repository writes it in the transaction of its change) and how a row
 * is read back as an {@link OutboxRecord}.
 *
 * <p>Seats are stored length-prefixed, {@code <length>:<show><length>:<number>} per seat (lengths in
 * UTF-16 units), which round-trips any identifier whatever characters it holds, and needs no
 * JSON library.
 *
 * <p>Thread-safety: immutable; the connection passed in must be used by one thread at a time.
 */
public final class OutboxRows {

    /** The parameters of {@link OutboxStatements#insert}. */
    static final int PARAMETERS = 9;

    private final OutboxStatements sql;
    private final Clock clock;

    /** Writes and reads with {@code sql}; the notices of changes are dated by {@code clock}. */
    public OutboxRows(OutboxStatements sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** The statements in use. */
    public OutboxStatements statements() {
        return sql;
    }

    /**
     * Writes one PENDING notice per event of a change, due at once, on {@code tx}: the caller's
     * transaction, which commits or rolls back the notices with the change.
     */
    public void insertEvents(Connection tx, List<BookingEvent> events) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement statement = tx.prepareStatement(sql.insert())) {
            if (events.size() == 1) {
                bind(statement, Notice.of(events.get(0), now));
                statement.executeUpdate();
                return;
            }
            for (BookingEvent event : events) {
                bind(statement, Notice.of(event, now));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Binds {@code notice} to {@link OutboxStatements#insert}'s parameters. */
    public static void bind(PreparedStatement statement, Notice notice) throws SQLException {
        bind(statement, 0, notice);
    }

    /** Binds the notice of {@code event}, dated now, to the nine parameters after the first {@code offset}. */
    void bind(PreparedStatement statement, int offset, BookingEvent event) throws SQLException {
        bind(statement, offset, Notice.of(event, clock.instant()));
    }

    private static void bind(PreparedStatement statement, int offset, Notice notice) throws SQLException {
        statement.setString(offset + 1, notice.id());
        statement.setString(offset + 2, notice.kind().name());
        statement.setString(offset + 3, notice.user().value());
        statement.setString(offset + 4, notice.reference().value());
        statement.setString(offset + 5, encodeSeats(notice.seats()));
        setInstant(statement, offset + 6, notice.holdExpiresAt());
        statement.setString(offset + 7, notice.detail());
        setInstant(statement, offset + 8, notice.createdAt());
        setInstant(statement, offset + 9, notice.createdAt());
    }

    /** Binds {@code instant} (or SQL NULL) as microseconds since the epoch. */
    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, ChronoUnit.MICROS.between(Instant.EPOCH, instant));
        }
    }

    /** The record of the current row of a read statement. */
    public static OutboxRecord read(ResultSet rs) throws SQLException {
        Notice notice = new Notice(rs.getString("id"), Notice.Kind.valueOf(rs.getString("kind")),
                UserId.of(rs.getString("user_id")), BookingReference.of(rs.getString("reference")),
                decodeSeats(rs.getString("seats")), instant(rs, "hold_expires_at_us"), rs.getString("detail"),
                instant(rs, "created_at_us"));
        return new OutboxRecord(notice, OutboxState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                instant(rs, "next_attempt_at_us"), rs.getString("last_error"), instant(rs, "sent_at_us"));
    }

    /** Every record of a read statement's result. */
    public static List<OutboxRecord> readAll(ResultSet rs) throws SQLException {
        List<OutboxRecord> records = new ArrayList<>();
        while (rs.next()) {
            records.add(read(rs));
        }
        return records;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The seats as stored: {@code <length>:<show><length>:<number>} per seat. */
    public static String encodeSeats(List<SeatId> seats) {
        StringBuilder text = new StringBuilder();
        for (SeatId seat : seats) {
            text.append(seat.show().value().length()).append(':').append(seat.show().value())
                    .append(seat.number().length()).append(':').append(seat.number());
        }
        return text.toString();
    }

    /**
     * The seats of {@link #encodeSeats}'s text.
     *
     * @throws IllegalArgumentException naming {@code seats} if the text is not of that form
     */
    public static List<SeatId> decodeSeats(String text) {
        List<SeatId> seats = new ArrayList<>();
        int[] at = {0};
        while (at[0] < text.length()) {
            String show = next(text, at);
            seats.add(ShowId.of(show).seat(next(text, at)));
        }
        return seats;
    }

    private static String next(String text, int[] at) {
        int colon = text.indexOf(':', at[0]);
        if (colon <= at[0]) {
            throw new IllegalArgumentException("seats is not length-prefixed at " + at[0]);
        }
        int length;
        try {
            length = Integer.parseInt(text, at[0], colon, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seats is not length-prefixed at " + at[0], e);
        }
        int end = colon + 1 + length;
        if (length < 0 || end > text.length()) {
            throw new IllegalArgumentException("seats is cut short at " + at[0]);
        }
        at[0] = end;
        return text.substring(colon + 1, end);
    }
}
