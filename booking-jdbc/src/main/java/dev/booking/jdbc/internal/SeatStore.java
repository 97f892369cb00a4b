package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seat table's primitives: its statements, run as plain prepared statements on a connection the
 * caller owns (and whose transaction it controls), reading rows as {@link StoredSeat}s. Plain JDBC rather than Jdbi's statement layer: these are
 * the hot paths, and Jdbi's statement layer measured about 4 µs per call against 1 µs here.
 *
 * <p>Thread-safety: immutable; the connection passed in must be used by one thread at a time.
 */
public final class SeatStore {

    /** The most seat numbers one group statement binds; longer groups run in several statements. */
    static final int CHUNK = 500;

    private final SeatStatements sql;
    private final int seatsPerStatement;

    /** Runs {@code sql}, up to {@link #CHUNK} seats per group statement. */
    public SeatStore(SeatStatements sql) {
        this(sql, CHUNK);
    }

    /**
     * Runs {@code sql}, up to {@code seatsPerStatement} seats per group statement (see
     * {@link SqlDialect#seatsPerGroupStatement()}).
     */
    public SeatStore(SeatStatements sql, int seatsPerStatement) {
        if (seatsPerStatement < 1 || seatsPerStatement > CHUNK) {
            throw new IllegalArgumentException("seatsPerStatement must be 1 to " + CHUNK + ", was " + seatsPerStatement);
        }
        this.sql = sql;
        this.seatsPerStatement = seatsPerStatement;
    }

    /** The statements in use, for the few callers that run them through Jdbi. */
    public SeatStatements statements() {
        return sql;
    }

    /**
     * tryBook's first statement ({@link SeatStatements#tryBook}): books {@code seat} for {@code user}
     * under {@code reference} if it is empty, and tells a loser why as far as the statement's form can.
     *
     * @return what the statement found out
     */
    BookAttempt book(Connection connection, SeatId seat, UserId user, BookingReference reference)
            throws SQLException {
        return tryBook(connection, sql.tryBook(), null, seat, user, reference, null);
    }

    /**
     * {@link #book} with the INSERT of its notice, as the one statement {@code bookAndTell}
     * ({@link SqlDialect#bookAndTell}) in the connection's autocommit: the notice is inserted only if
     * the call won.
     *
     * @return what the statement found out
     */
    BookAttempt bookAndTell(Connection connection, TryBookStatement bookAndTell, OutboxRows outbox, SeatId seat,
                            UserId user, BookingReference reference, BookingEvent booked) throws SQLException {
        return tryBook(connection, bookAndTell, outbox, seat, user, reference, booked);
    }

    private static BookAttempt tryBook(Connection connection, TryBookStatement tryBook, OutboxRows outbox,
                                       SeatId seat, UserId user, BookingReference reference, BookingEvent booked)
            throws SQLException {
        return switch (tryBook.form()) {
            case UPDATE_COUNT -> {
                try (PreparedStatement statement = connection.prepareStatement(tryBook.sql())) {
                    int next = bindClaim(statement, 1, seat, user, reference);
                    bindNotice(statement, next, outbox, booked);
                    yield BookAttempt.ofUpdateCount(statement.executeUpdate(), seat);
                }
            }
            case ROW -> {
                try (PreparedStatement statement = connection.prepareStatement(tryBook.sql())) {
                    int next = bindNotice(statement, bindClaim(statement, 1, seat, user, reference), outbox, booked);
                    statement.setString(next, seat.show().value());
                    statement.setString(next + 1, seat.number());
                    yield fromRows(statement, seat);
                }
            }
            case VERDICT -> {
                if (outbox != null) {
                    throw new IllegalStateException("a verdict statement carries no notice");
                }
                try (PreparedStatement statement = connection.prepareStatement(tryBook.sql(),
                        Statement.RETURN_GENERATED_KEYS)) {
                    statement.setString(bindClaim(statement, 1, seat, user, reference), user.value());
                    yield fromGeneratedVerdict(statement, seat);
                }
            }
            case VERDICT_QUERY -> {
                if (outbox != null) {
                    throw new IllegalStateException("a verdict statement carries no notice");
                }
                try (PreparedStatement statement = connection.prepareStatement(tryBook.sql())) {
                    int next = bindClaim(statement, 1, seat, user, reference);
                    statement.setString(next, user.value());
                    statement.setString(next + 1, seat.show().value());
                    statement.setString(next + 2, seat.number());
                    try (ResultSet rs = statement.executeQuery()) {
                        yield BookAttempt.ofVerdict(rs.next() ? rs.getLong(1) : 0);
                    }
                }
            }
        };
    }

    /** Binds owner, reference, show and seat from {@code index} on; returns the next index. */
    private static int bindClaim(PreparedStatement statement, int index, SeatId seat, UserId user,
                                 BookingReference reference) throws SQLException {
        statement.setString(index, user.value());
        statement.setString(index + 1, reference.value());
        statement.setString(index + 2, seat.show().value());
        statement.setString(index + 3, seat.number());
        return index + 4;
    }

    /** Binds the notice's parameters from {@code index} on, if there is an outbox; returns the next index. */
    private static int bindNotice(PreparedStatement statement, int index, OutboxRows outbox, BookingEvent booked)
            throws SQLException {
        if (outbox == null) {
            return index;
        }
        outbox.bind(statement, index - 1, booked);
        return index + OutboxRows.PARAMETERS;
    }

    /** Reads a {@link TryBookStatement.Form#ROW} answer. */
    private static BookAttempt fromRows(PreparedStatement statement, SeatId seat) throws SQLException {
        int won = 0;
        Optional<StoredSeat> seen = Optional.empty();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (rs.getInt("won") == 1) {
                    won++;
                } else if (seen.isEmpty()) {
                    seen = Optional.of(SeatMapping.read(rs));
                }
            }
        }
        if (won > 1) {
            throw BookAttempt.tooManyRows(won, seat);
        }
        return won == 1 ? new BookAttempt.Won() : new BookAttempt.Seen(seen);
    }

    /** Reads a {@link TryBookStatement.Form#VERDICT} answer: the update count, and the verdict as the generated key. */
    private static BookAttempt fromGeneratedVerdict(PreparedStatement statement, SeatId seat) throws SQLException {
        int updated = statement.executeUpdate();
        if (updated > 1) {
            throw BookAttempt.tooManyRows(updated, seat);
        }
        long verdict = 0;
        try (ResultSet keys = statement.getGeneratedKeys()) {
            if (keys.next()) {
                verdict = keys.getLong(1);
            }
        }
        // the update count decides a win, as the plain UPDATE's does; the verdict only explains a loss
        return updated == 1 ? new BookAttempt.Won() : BookAttempt.ofVerdict(verdict == 1 ? 0 : verdict);
    }

    /**
     * tryBook's takeover: books {@code lapsed.seat()} for {@code user} under {@code reference} if it
     * is still the lapsed hold that was read (same version). Of a sweep and any number of takers,
     * exactly one replaces that hold, and only that one may tell it expired.
     *
     * @return the rows updated: 1 if this call replaced the hold, 0 if it was swept or taken first
     */
    public int takeOver(Connection connection, StoredSeat lapsed, UserId user, BookingReference reference)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.takeover())) {
            statement.setString(1, user.value());
            statement.setString(2, reference.value());
            statement.setString(3, lapsed.seat().show().value());
            statement.setString(4, lapsed.seat().number());
            statement.setLong(5, lapsed.state().version());
            return statement.executeUpdate();
        }
    }

    /** One seat, or empty if it was never added. */
    public Optional<StoredSeat> read(Connection connection, SeatId seat) throws SQLException {
        return one(connection, sql.readSeat(), seat);
    }

    /** Every seat of {@code show}, in seat order. */
    public List<StoredSeat> readShow(Connection connection, ShowId show) throws SQLException {
        List<StoredSeat> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.readShow())) {
            statement.setString(1, show.value());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(SeatMapping.read(rs));
                }
            }
        }
        return SeatRules.sortedBySeat(rows);
    }

    /** One seat, locked until the current transaction ends, or empty if it was never added. */
    public Optional<StoredSeat> lock(Connection connection, SeatId seat) throws SQLException {
        return one(connection, sql.lockSeat(), seat);
    }

    /**
     * Locks {@code seats} one statement after the other in the one global order, that of
     * {@link SeatId}, whatever order they come in: two transactions that lock overlapping
     * groups this way wait for each other at most, and never deadlock.
     *
     * @return the rows found, in that order; a seat that was never added is missing from it
     */
    public Map<SeatId, StoredSeat> lockInOrder(Connection connection, Collection<SeatId> seats) throws SQLException {
        List<SeatId> ordered = seats.stream().distinct().sorted().toList();
        Map<SeatId, StoredSeat> rows = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.lockSeat())) {
            for (SeatId seat : ordered) {
                statement.setString(1, seat.show().value());
                statement.setString(2, seat.number());
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        rows.put(seat, SeatMapping.read(rs));
                    }
                }
            }
        }
        return rows;
    }

    /** Every seat stored under {@code reference}, live or lapsed, in seat order. */
    public List<StoredSeat> readReference(Connection connection, BookingReference reference) throws SQLException {
        List<StoredSeat> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.readReference())) {
            statement.setString(1, reference.value());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(SeatMapping.read(rs));
                }
            }
        }
        return SeatRules.sortedBySeat(rows);
    }

    /**
     * Holds or books every seat of {@code request} that is free, in one statement, so that every
     * seat gets the same expiry; the caller has locked them all.
     *
     * @return the rows updated
     */
    public int claim(Connection connection, ClaimRequest request) throws SQLException {
        List<Object> first = new ArrayList<>(List.of(request.user().value(), request.reference().value()));
        request.holdDuration().ifPresent(holdFor -> first.add(holdFor.toNanos() / 1_000L));
        return update(connection, request.isHold() ? sql.hold() : sql.bookSeats(), first, request.seats());
    }

    /** Books the unexpired holds of {@code user} under {@code reference} among {@code seats}; returns the rows updated. */
    public int confirm(Connection connection, BookingReference reference, UserId user, List<SeatId> seats)
            throws SQLException {
        return update(connection, sql.confirm(), List.of(reference.value(), user.value()), seats);
    }

    /** Frees the live seats of {@code user} under {@code reference} among {@code seats}; returns the rows updated. */
    public int release(Connection connection, BookingReference reference, UserId user, List<SeatId> seats)
            throws SQLException {
        return update(connection, sql.release(), List.of(reference.value(), user.value()), seats);
    }

    /**
     * Locks up to {@code limit} expired holds, oldest first, skipping any row another transaction
     * has locked, so that concurrent sweeps share the work instead of waiting for each other.
     */
    public List<StoredSeat> lockExpired(Connection connection, int limit) throws SQLException {
        List<StoredSeat> expired = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.lockExpired())) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    expired.add(SeatMapping.read(rs));
                }
            }
        }
        return expired;
    }

    /**
     * Frees those of {@code seats} whose hold has expired (the statement checks again); returns the
     * rows updated. One statement per {@code seatsPerStatement} seats; where the database takes
     * arrays, whatever their shows, else per show too.
     */
    public int expire(Connection connection, List<SeatId> seats) throws SQLException {
        if (sql.expireByArrays() == null) {
            return update(connection, sql.expire(), List.of(), seats);
        }
        int updated = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql.expireByArrays())) {
            for (int from = 0; from < seats.size(); from += seatsPerStatement) {
                List<SeatId> chunk = seats.subList(from, Math.min(seats.size(), from + seatsPerStatement));
                String[] shows = new String[chunk.size()];
                String[] numbers = new String[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    shows[i] = chunk.get(i).show().value();
                    numbers[i] = chunk.get(i).number();
                }
                statement.setArray(1, connection.createArrayOf("text", shows));
                statement.setArray(2, connection.createArrayOf("text", numbers));
                updated += statement.executeUpdate();
            }
        }
        return updated;
    }

    private Optional<StoredSeat> one(Connection connection, String statementSql, SeatId seat) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
            statement.setString(1, seat.show().value());
            statement.setString(2, seat.number());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(SeatMapping.read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Runs a group statement for {@code seats}: one statement per show and per
     * {@code seatsPerStatement} seats, each binding {@code first} and then the show and its seat numbers.
     */
    private int update(Connection connection, String template, List<Object> first, List<SeatId> seats)
            throws SQLException {
        Map<ShowId, List<String>> byShow = new LinkedHashMap<>();
        for (SeatId seat : seats) {
            byShow.computeIfAbsent(seat.show(), show -> new ArrayList<>()).add(seat.number());
        }
        int updated = 0;
        for (Map.Entry<ShowId, List<String>> show : byShow.entrySet()) {
            List<String> numbers = show.getValue();
            for (int from = 0; from < numbers.size(); from += seatsPerStatement) {
                List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + seatsPerStatement));
                try (PreparedStatement statement = connection.prepareStatement(
                        SeatStatements.forSeats(template, chunk.size()))) {
                    int index = 1;
                    for (Object value : first) {
                        if (value instanceof Long number) {
                            statement.setLong(index++, number);
                        } else {
                            statement.setString(index++, (String) value);
                        }
                    }
                    statement.setString(index++, show.getKey().value());
                    for (String number : chunk) {
                        statement.setString(index++, number);
                    }
                    updated += statement.executeUpdate();
                }
            }
        }
        return updated;
    }
}
