package dev.booking.bench.perf;

import dev.booking.core.SeatId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one seat's status on a given connection, the first half of both read-then-write baselines. */
final class SeatStatusReader {

    /** The status of a free seat, as the schema stores it. */
    static final String EMPTY = "EMPTY";

    private SeatStatusReader() {
    }

    /**
     * Runs {@code select} (parameters: show, seat).
     *
     * @return the status, or null if the seat does not exist
     */
    static String read(Connection connection, String select, SeatId seat) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(select)) {
            read.setString(1, seat.show().value());
            read.setString(2, seat.number());
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Runs the unconditional UPDATE (parameters: owner, show, seat); returns the rows changed. */
    static int overwrite(Connection connection, SqlText sql, SeatId seat, String owner) throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(sql.overwrite())) {
            SqlText.bind(write, seat, owner);
            return write.executeUpdate();
        }
    }
}
