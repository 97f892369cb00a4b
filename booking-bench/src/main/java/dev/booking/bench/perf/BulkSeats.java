package dev.booking.bench.perf;

import dev.booking.core.ShowId;
import dev.booking.jdbc.Dialect;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Adds a show's empty seats ({@code S0000000}, {@code S0000001}, ...) with one INSERT ... SELECT from
 * the database's own number generator: set-up only, and ten times faster than batched inserts, which
 * leaves more of the time budget for measuring. The rows are exactly what the library's
 * {@code addSeats} writes (status EMPTY, no owner, version 0); a test compares the two.
 */
final class BulkSeats {

    private final String insert;
    private final Dialect dialect;

    private BulkSeats(Dialect dialect, String insert) {
        this.dialect = dialect;
        this.insert = insert;
    }

    /** The bulk insert for {@code dialect} into the (quoted) {@code table}, if the dialect has one here. */
    static Optional<BulkSeats> of(Dialect dialect, String table) {
        String columns = "INSERT INTO " + table + " (show_id, seat_no, status, owner_id, version, updated_at) ";
        return Optional.ofNullable(switch (dialect) {
            case POSTGRESQL -> new BulkSeats(dialect, columns + "SELECT ?, 'S' || lpad(g::text, 7, '0'), 'EMPTY',"
                    + " NULL, 0, CURRENT_TIMESTAMP FROM generate_series(0, ?) AS g");
            case H2 -> new BulkSeats(dialect, columns + "SELECT ?, 'S' || LPAD(CAST(X AS VARCHAR), 7, '0'), 'EMPTY',"
                    + " NULL, 0, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(0, CAST(? AS BIGINT))");
            // MariaDB's sequence engine takes the bound in the table name: spliced as %d, never text
            case MARIADB -> new BulkSeats(dialect, columns + "SELECT ?, CONCAT('S', LPAD(seq, 7, '0')), 'EMPTY',"
                    + " NULL, 0, UTC_TIMESTAMP(6) FROM seq_0_to_%d");
            default -> null;
        });
    }

    /** Inserts seats 0 to {@code count - 1} of {@code show}. */
    void add(DataSource pool, ShowId show, int count) throws SQLException {
        if (count < 1 || count > 9_999_999) {
            throw new IllegalArgumentException("seat count out of range: " + count);
        }
        String sql = dialect == Dialect.MARIADB ? String.format(insert, count - 1) : insert;
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, show.value());
            if (dialect != Dialect.MARIADB) {
                statement.setLong(2, count - 1L);
            }
            int added = statement.executeUpdate();
            if (added != count) {
                throw new SQLException("added " + added + " seats instead of " + count);
            }
        }
    }
}
