package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Plain JDBC running the library's conditional UPDATE and nothing else: what the library costs on top of
 * its one statement. A lost race is one statement here and two in the library (which then reads the seat
 * to tell "taken" from "already yours"), so only the distinct-seats figures compare like with like.
 *
 * @param pool the pool the library uses too
 * @param sql  the statements
 */
record RawJdbcApproach(DataSource pool, SqlText sql) implements Approach {

    @Override
    public String name() {
        return Variants.RAW_JDBC;
    }

    @Override
    public Answer book(SeatId seat, UserId user) {
        try (Connection connection = pool.getConnection();
             PreparedStatement claim = connection.prepareStatement(sql.claim())) {
            SqlText.bind(claim, seat, user.value());
            return claim.executeUpdate() == 1 ? Answer.WON : Answer.LOST;
        } catch (SQLException e) {
            throw new IllegalStateException("raw JDBC claim of " + seat + " failed: " + e.getMessage(), e);
        }
    }
}
