package dev.booking.jdbc.internal;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.spi.ClaimIdentity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference table's primitives ({@link ReferenceStatements}). A binding row keeps the show and
 * the owner in columns of their own and the seats as {@link ClaimIdentity#seatsDigest()}, so a
 * binding is compared, never rebuilt: {@link #boundToSameClaim} tells whether a request is the
 * claim its reference is bound to.
 *
 * <p>Thread-safety: immutable; the connection passed in must be used by one thread at a time.
 */
public final class ReferenceStore {

    /** SQLState of a unique violation, which H2's MERGE may report for a concurrent insert of the same key. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final ReferenceStatements sql;

    /** Runs {@code sql}. */
    public ReferenceStore(ReferenceStatements sql) {
        this.sql = sql;
    }

    /** The statements in use. */
    public ReferenceStatements statements() {
        return sql;
    }

    /**
     * Whether the reference of {@code request}, as read without a lock, is bound to another claim.
     * A hint only, to refuse early without locking seats: the claim transaction decides with
     * {@link #boundToSameClaim}.
     */
    public boolean boundToAnother(Connection connection, ClaimRequest request) throws SQLException {
        return read(connection, sql.read(), request.reference())
                .map(bound -> !bound.matches(ClaimIdentity.of(request)))
                .orElse(false);
    }

    /**
     * Binds the reference of {@code request} to it unless it is bound already, then reads the
     * binding locked, in the caller's transaction. Two transactions binding one new reference meet
     * at its primary key: the second waits for the first to end and then reads what it wrote.
     *
     * @return whether the reference is now bound to this request's claim; if not, it names another
     *         claim and the caller must roll back
     */
    public boolean boundToSameClaim(Connection tx, ClaimRequest request) throws SQLException {
        ClaimIdentity identity = ClaimIdentity.of(request);
        try (PreparedStatement statement = tx.prepareStatement(sql.insertIfAbsent())) {
            statement.setString(1, request.reference().value());
            statement.setString(2, identity.show().value());
            statement.setString(3, identity.user().value());
            statement.setString(4, identity.seatsDigest());
            statement.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // bound by a transaction that committed meanwhile: the locked read below sees its row
        }
        return read(tx, sql.lock(), request.reference())
                .map(bound -> bound.matches(identity))
                .orElseThrow(() -> new SQLException("the binding of " + request.reference()
                        + " is missing right after it was written", "40001"));
    }

    private static Optional<Binding> read(Connection connection, String statementSql, BookingReference reference)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
            statement.setString(1, reference.value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Binding(rs.getString("show_id"), rs.getString("owner_id"),
                                rs.getString("seats_sha256")))
                        : Optional.empty();
            }
        }
    }

    /** A binding row as stored. */
    private record Binding(String show, String owner, String seatsSha256) {
        boolean matches(ClaimIdentity identity) {
            return Objects.equals(show, identity.show().value()) && Objects.equals(owner, identity.user().value())
                    && Objects.equals(seatsSha256, identity.seatsDigest());
        }
    }
}
