package dev.booking.jdbc.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.spi.ClaimIdentity;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatEvents;
import dev.booking.core.spi.SeatRules;
import dev.booking.core.spi.StoredSeat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A batch of claims decided in order in one transaction, in a few round trips whatever its size:
 * every seat the batch names is locked at once, in seat order; the references' seats and bindings
 * are read at once; each request is then decided in memory by {@link SeatRules} exactly as
 * {@code claim} would decide it after the requests before it; and the winners are written with JDBC
 * batches (bindings first, then the seats), then read back once for their expiries, which the
 * database's clock set.
 *
 * <p>Why a decision made in memory stays true until the commit: the seats it rests on are locked,
 * and within one batch only free seats change, each at most once (a won seat is live, so no later
 * request of the batch can take it). Seats live under a reference before the batch cannot change
 * either (no request of a batch frees a seat), so the answers of replays stand. A reference's
 * binding is read without a lock, as {@code claim} does, and checked under a lock after the
 * winners' bindings are written: if a concurrent claim bound one of them to another claim in
 * between, the batch is rolled back and decided afresh.
 *
 * <p>Where the database takes array parameters (PostgreSQL, {@link BatchStatements#arrays()}), the
 * reads are sent as one round trip of three statements and the writes as one of two, each binding
 * whole arrays: the bindings are inserted by one statement that returns those it inserted (a
 * reference it did not insert was bound concurrently, and the batch is decided afresh), so they
 * need no locked read; and the winners' seats are written by one UPDATE, which returns them with
 * the other seats of their references, so they need no read back.
 *
 * <p>Thread-safety: immutable; the connection passed in must be used by one thread at a time.
 */
final class BatchClaims {

    /** SQLState of a unique violation, which H2's MERGE may report for a concurrent insert of the same key. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final SeatStatements seatSql;
    private final ReferenceStatements referenceSql;
    private final BatchStatements batchSql;
    /** The array form of the statements, or {@code null} where the database has none. */
    private final BatchStatements.ArrayStatements arrays;

    BatchClaims(SeatStatements seatSql, ReferenceStatements referenceSql, BatchStatements batchSql) {
        this.seatSql = seatSql;
        this.referenceSql = referenceSql;
        this.batchSql = batchSql;
        this.arrays = batchSql.arrays();
    }

    /**
     * Decides and writes {@code requests} in {@code tx}, leaving the commit to the caller.
     *
     * @return the answers, in request order, with the events of the winners in that order; empty if
     *         a reference was bound concurrently and the transaction must be rolled back and run again
     */
    Optional<Outcome<List<ClaimResult>>> decide(Connection tx, List<ClaimRequest> requests) throws SQLException {
        List<BookingReference> references = requests.stream().map(ClaimRequest::reference).distinct().toList();
        Reads reads = arrays != null ? readAll(tx, requests, references) : new Reads(lockSeats(tx, requests),
                readReferences(tx, references), bindings(tx, batchSql.readBindings(), references));
        Map<SeatId, StoredSeat> locked = reads.locked();
        Map<BookingReference, List<StoredSeat>> members = members(references, locked, reads.referenced());
        Map<BookingReference, Binding> bound = reads.bound();

        int size = requests.size();
        ClaimResult[] answers = new ClaimResult[size];
        int[] sameAs = new int[size];
        Map<BookingReference, Integer> wonBy = new HashMap<>();
        Map<SeatId, StoredSeat> current = new HashMap<>(locked);
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ClaimRequest request = requests.get(i);
            sameAs[i] = -1;
            Integer winner = wonBy.get(request.reference());
            if (winner != null) {
                // won earlier in this batch: the same request again is its replay, anything else is refused
                if (ClaimIdentity.of(requests.get(winner)).equals(ClaimIdentity.of(request))) {
                    sameAs[i] = winner;
                } else {
                    answers[i] = new ClaimResult.ReferenceInUse(request.reference());
                }
                continue;
            }
            Optional<ClaimResult> replay = SeatRules.replay(request, members.getOrDefault(request.reference(), List.of()));
            if (replay.isPresent()) {
                answers[i] = replay.get();
                continue;
            }
            Binding binding = bound.get(request.reference());
            if (binding != null && !binding.matches(ClaimIdentity.of(request))) {
                answers[i] = new ClaimResult.ReferenceInUse(request.reference());
                continue;
            }
            Map<SeatId, StoredSeat> found = new HashMap<>();
            request.seats().forEach(seat -> {
                StoredSeat stored = current.get(seat);
                if (stored != null) {
                    found.put(seat, stored);
                }
            });
            Optional<ClaimResult> refusal = SeatRules.refusal(request, found);
            if (refusal.isPresent()) {
                answers[i] = refusal.get();
                continue;
            }
            winners.add(i);
            wonBy.put(request.reference(), i);
            for (SeatId seat : request.seats()) {
                // taken for the rest of the batch; BOOKED stands for either status, both are live
                current.put(seat, new StoredSeat(new SeatState(seat, SeatStatus.BOOKED, request.user(),
                        request.reference(), null, current.get(seat).state().version() + 1), false));
            }
        }
        if (winners.isEmpty()) {
            return Optional.of(Outcome.unchanged(List.of(answers)));
        }

        List<ClaimRequest> won = winners.stream().map(requests::get).toList();
        List<ClaimRequest> unbound = won.stream().filter(request -> !bound.containsKey(request.reference())).toList();
        Map<BookingReference, List<StoredSeat>> written;
        if (arrays != null) {
            Optional<Map<BookingReference, List<StoredSeat>>> all = writeAll(tx, unbound, won);
            if (all.isEmpty()) {
                return Optional.empty();
            }
            written = all.get();
        } else {
            if (!bind(tx, unbound)) {
                return Optional.empty();
            }
            claimSeats(tx, won);
            written = readReferences(tx, won.stream().map(ClaimRequest::reference).toList());
        }
        List<BookingEvent> events = new ArrayList<>();
        for (int i : winners) {
            ClaimRequest request = requests.get(i);
            Optional<ClaimResult.Claimed> claimed = readBack(request, written.getOrDefault(request.reference(), List.of()));
            if (claimed.isEmpty()) {
                return Optional.empty(); // the reference gained other live seats at once: decide afresh
            }
            answers[i] = claimed.get();
        }
        for (int i = 0; i < size; i++) {
            if (sameAs[i] >= 0) {
                answers[i] = answers[sameAs[i]];
            }
        }
        for (int i : winners) {
            ClaimRequest request = requests.get(i);
            List<StoredSeat> before = request.seats().stream().map(locked::get).toList();
            events.addAll(SeatEvents.takeover(before, SeatEvents.claimed((ClaimResult.Claimed) answers[i])));
        }
        return Optional.of(Outcome.changed(List.of(answers), events));
    }

    /** Locks every seat the requests name, show by show and in seat order; a missing seat is absent. */
    private Map<SeatId, StoredSeat> lockSeats(Connection tx, List<ClaimRequest> requests) throws SQLException {
        Map<ShowId, TreeSet<String>> byShow = new TreeMap<>(Comparator.comparing(ShowId::value));
        for (ClaimRequest request : requests) {
            byShow.computeIfAbsent(request.show(), show -> new TreeSet<>()).addAll(request.seatNumbers());
        }
        Map<SeatId, StoredSeat> rows = new HashMap<>();
        for (Map.Entry<ShowId, TreeSet<String>> show : byShow.entrySet()) {
            List<String> numbers = List.copyOf(show.getValue());
            for (int from = 0; from < numbers.size(); from += SeatStore.CHUNK) {
                List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + SeatStore.CHUNK));
                try (PreparedStatement statement = tx.prepareStatement(
                        SeatStatements.forSeats(batchSql.lockSeats(), chunk.size()))) {
                    statement.setString(1, show.getKey().value());
                    int index = 2;
                    for (String number : chunk) {
                        statement.setString(index++, number);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            StoredSeat seat = SeatMapping.read(rs);
                            rows.put(seat.seat(), seat);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Every seat stored under each reference; a seat that is locked counts as locked, the freshest
     * read, under the reference it carries there.
     */
    private static Map<BookingReference, List<StoredSeat>> members(List<BookingReference> references,
            Map<SeatId, StoredSeat> locked, Map<BookingReference, List<StoredSeat>> referenced) {
        Map<BookingReference, List<StoredSeat>> members = new HashMap<>();
        referenced.forEach((reference, rows) -> rows.stream()
                .filter(row -> !locked.containsKey(row.seat()))
                .forEach(row -> members.computeIfAbsent(reference, r -> new ArrayList<>()).add(row)));
        Set<BookingReference> wanted = new HashSet<>(references);
        for (StoredSeat row : locked.values()) {
            if (row.reference() != null && wanted.contains(row.reference())) {
                members.computeIfAbsent(row.reference(), r -> new ArrayList<>()).add(row);
            }
        }
        return members;
    }

    /** The seats stored under each of {@code references}, live or lapsed. */
    private Map<BookingReference, List<StoredSeat>> readReferences(Connection tx, List<BookingReference> references)
            throws SQLException {
        Map<BookingReference, List<StoredSeat>> rows = new HashMap<>();
        for (int from = 0; from < references.size(); from += SeatStore.CHUNK) {
            List<BookingReference> chunk = references.subList(from, Math.min(references.size(), from + SeatStore.CHUNK));
            try (PreparedStatement statement = tx.prepareStatement(
                    SeatStatements.forSeats(batchSql.readReferences(), chunk.size()))) {
                bindReferences(statement, chunk);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        StoredSeat seat = SeatMapping.read(rs);
                        rows.computeIfAbsent(seat.reference(), r -> new ArrayList<>()).add(seat);
                    }
                }
            }
        }
        return rows;
    }

    /** Adds the seats {@code statement} returns to {@code rows}, by the reference each carries. */
    private static void readByReference(ResultSet rs, Map<BookingReference, List<StoredSeat>> rows)
            throws SQLException {
        try (rs) {
            while (rs.next()) {
                StoredSeat seat = SeatMapping.read(rs);
                rows.computeIfAbsent(seat.reference(), r -> new ArrayList<>()).add(seat);
            }
        }
    }

    /** {@code values} as an SQL array of text. */
    private static Array text(Connection tx, List<String> values) throws SQLException {
        return tx.createArrayOf("text", values.toArray(new String[0]));
    }

    /** The bindings of {@code references} by {@code statementSql}, plain or locked. */
    private static Map<BookingReference, Binding> bindings(Connection tx, String statementSql,
                                                    List<BookingReference> references) throws SQLException {
        Map<BookingReference, Binding> bindings = new HashMap<>();
        for (int from = 0; from < references.size(); from += SeatStore.CHUNK) {
            List<BookingReference> chunk = references.subList(from, Math.min(references.size(), from + SeatStore.CHUNK));
            try (PreparedStatement statement = tx.prepareStatement(SeatStatements.forSeats(statementSql, chunk.size()))) {
                bindReferences(statement, chunk);
                readBindings(statement.executeQuery(), bindings);
            }
        }
        return bindings;
    }

    private static void readBindings(ResultSet rs, Map<BookingReference, Binding> bindings) throws SQLException {
        try (rs) {
            while (rs.next()) {
                bindings.put(BookingReference.of(rs.getString("reference")), new Binding(rs.getString("show_id"),
                        rs.getString("owner_id"), rs.getString("seats_sha256")));
            }
        }
    }

    private static void bindReferences(PreparedStatement statement, List<BookingReference> references)
            throws SQLException {
        int index = 1;
        for (BookingReference reference : references) {
            statement.setString(index++, reference.value());
        }
    }

    /**
     * What a batch reads before it decides, on PostgreSQL in one round trip: three statements sent
     * at once, run in order. The seats are locked first, in show and seat order; the seats and
     * bindings of the references are then read without a lock, as {@code claim} reads them.
     */
    private Reads readAll(Connection tx, List<ClaimRequest> requests, List<BookingReference> references)
            throws SQLException {
        Map<ShowId, TreeSet<String>> byShow = new TreeMap<>(Comparator.comparing(ShowId::value));
        for (ClaimRequest request : requests) {
            byShow.computeIfAbsent(request.show(), show -> new TreeSet<>()).addAll(request.seatNumbers());
        }
        List<String> shows = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        byShow.forEach((show, seats) -> seats.forEach(number -> {
            shows.add(show.value());
            numbers.add(number);
        }));
        Array names = text(tx, references.stream().map(BookingReference::value).toList());
        Map<SeatId, StoredSeat> locked = new HashMap<>();
        Map<BookingReference, List<StoredSeat>> referenced = new HashMap<>();
        Map<BookingReference, Binding> bound = new HashMap<>();
        try (PreparedStatement statement = tx.prepareStatement(arrays.lockSeats() + ";\n" + arrays.readReferences()
                + ";\n" + arrays.readBindings())) {
            statement.setArray(1, text(tx, shows));
            statement.setArray(2, text(tx, numbers));
            statement.setArray(3, names);
            statement.setArray(4, names);
            statement.execute();
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    StoredSeat seat = SeatMapping.read(rs);
                    locked.put(seat.seat(), seat);
                }
            }
            readByReference(nextResult(statement), referenced);
            readBindings(nextResult(statement), bound);
        }
        return new Reads(locked, referenced, bound);
    }

    private static ResultSet nextResult(PreparedStatement statement) throws SQLException {
        if (!statement.getMoreResults()) {
            throw new SQLException("a batch statement returned fewer results than it runs statements");
        }
        return statement.getResultSet();
    }

    /**
     * What a batch writes, on PostgreSQL in one round trip: two statements sent at once. The first
     * binds the references of {@code unbound}, unbound when read, each unless bound meanwhile, and
     * returns the ones it inserted; the second holds or books the seats of every winner by one
     * reading of the database's clock, and returns every seat now carrying a winner's reference:
     * those it wrote and any other (for {@link #readBack}).
     *
     * @return the seats by reference; empty if a reference was bound by a concurrent claim that
     *         committed meanwhile (the insert waited for it at the primary key), and the batch must
     *         be rolled back and decided again, reading that binding. Bindings never change once
     *         written, so those read before need no lock.
     */
    private Optional<Map<BookingReference, List<StoredSeat>>> writeAll(Connection tx, List<ClaimRequest> unbound,
                                                                       List<ClaimRequest> winners) throws SQLException {
        List<String> boundReferences = new ArrayList<>();
        List<String> boundShows = new ArrayList<>();
        List<String> boundOwners = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (ClaimRequest request : unbound) {
            ClaimIdentity identity = ClaimIdentity.of(request);
            boundReferences.add(request.reference().value());
            boundShows.add(identity.show().value());
            boundOwners.add(identity.user().value());
            digests.add(identity.seatsDigest());
        }
        List<String> shows = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<String> references = new ArrayList<>();
        List<Long> holds = new ArrayList<>();
        for (ClaimRequest request : winners) {
            Long hold = request.isHold() ? request.holdFor().toNanos() / 1_000L : null;
            for (String number : request.seatNumbers()) {
                shows.add(request.show().value());
                numbers.add(number);
                owners.add(request.user().value());
                references.add(request.reference().value());
                holds.add(hold);
            }
        }
        Set<String> inserted = new HashSet<>();
        Map<BookingReference, List<StoredSeat>> rows = new HashMap<>();
        try (PreparedStatement statement = tx.prepareStatement(arrays.bind() + ";\n" + arrays.claim())) {
            int index = 1;
            statement.setArray(index++, text(tx, boundReferences));
            statement.setArray(index++, text(tx, boundShows));
            statement.setArray(index++, text(tx, boundOwners));
            statement.setArray(index++, text(tx, digests));
            statement.setArray(index++, text(tx, shows));
            statement.setArray(index++, text(tx, numbers));
            statement.setArray(index++, text(tx, owners));
            statement.setArray(index++, text(tx, references));
            statement.setArray(index++, tx.createArrayOf("bigint", holds.toArray(new Long[0])));
            statement.setArray(index, text(tx, winners.stream().map(request -> request.reference().value()).toList()));
            statement.execute();
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            // a seat the update skipped is missing from its group, which readBack reports
            readByReference(nextResult(statement), rows);
        }
        // the update ran even so: the caller rolls it back
        return inserted.containsAll(boundReferences) ? Optional.of(rows) : Optional.empty();
    }

    /**
     * Binds the references of {@code winners} that were unbound when read, then reads them locked:
     * whether every one is now bound to its winner's claim. If not, a concurrent claim bound one
     * first, and the batch must be decided again.
     */
    private boolean bind(Connection tx, List<ClaimRequest> winners) throws SQLException {
        if (winners.isEmpty()) {
            return true;
        }
        try (PreparedStatement statement = tx.prepareStatement(referenceSql.insertIfAbsent())) {
            // in reference order, so two batches binding the same new references queue instead of
            // deadlocking (H2 does not detect that deadlock: both would wait out its lock timeout)
            for (ClaimRequest request : winners.stream().sorted(Comparator.comparing(
                    (ClaimRequest claim) -> claim.reference().value())).toList()) {
                ClaimIdentity identity = ClaimIdentity.of(request);
                statement.setString(1, request.reference().value());
                statement.setString(2, identity.show().value());
                statement.setString(3, identity.user().value());
                statement.setString(4, identity.seatsDigest());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false; // H2: bound by a transaction that committed meanwhile
            }
            throw e;
        }
        // the locks are taken in reference order, so two batches binding the same references queue
        List<BookingReference> references = winners.stream().map(ClaimRequest::reference).sorted(
                Comparator.comparing(BookingReference::value)).toList();
        Map<BookingReference, Binding> bound = bindings(tx, batchSql.lockBindings(), references);
        for (ClaimRequest request : winners) {
            Binding binding = bound.get(request.reference());
            if (binding == null || !binding.matches(ClaimIdentity.of(request))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
            if (next.getNextException() == next) {
                break;
            }
        }
        return false;
    }

    /**
     * Holds or books the seats of every winner, each in one statement as {@code claim} does (so all
     * its seats get the same expiry, by the database's clock), sent in JDBC batches of like
     * statements.
     */
    private void claimSeats(Connection tx, List<ClaimRequest> winners) throws SQLException {
        Map<String, List<ClaimRequest>> bySql = new LinkedHashMap<>();
        for (ClaimRequest request : winners) {
            String sql = SeatStatements.forSeats(request.isHold() ? seatSql.hold() : seatSql.bookSeats(),
                    request.seats().size());
            bySql.computeIfAbsent(sql, s -> new ArrayList<>()).add(request);
        }
        for (Map.Entry<String, List<ClaimRequest>> group : bySql.entrySet()) {
            List<ClaimRequest> requests = group.getValue();
            int[] counts;
            try (PreparedStatement statement = tx.prepareStatement(group.getKey())) {
                for (ClaimRequest request : requests) {
                    int index = 1;
                    statement.setString(index++, request.user().value());
                    statement.setString(index++, request.reference().value());
                    if (request.isHold()) {
                        statement.setLong(index++, request.holdFor().toNanos() / 1_000L);
                    }
                    statement.setString(index++, request.show().value());
                    for (String number : request.seatNumbers()) {
                        statement.setString(index++, number);
                    }
                    statement.addBatch();
                }
                counts = statement.executeBatch();
            }
            for (int i = 0; i < counts.length && i < requests.size(); i++) {
                // some drivers answer SUCCESS_NO_INFO for batched statements: the read back checks those
                if (counts[i] != Statement.SUCCESS_NO_INFO && counts[i] != requests.get(i).seats().size()) {
                    throw new BookingException(BookingException.Failure.UNEXPECTED, "claim "
                            + requests.get(i).reference() + " updated " + counts[i] + " rows for "
                            + requests.get(i).seats().size()
                            + " locked free seats; the table lacks its primary key on (show_id, seat_no)?");
                }
            }
        }
    }

    /**
     * The answer of a winner from its seats as written, read back in the transaction; empty if the
     * reference carries other live seats as well (bound in the same instant by another claim).
     */
    private static Optional<ClaimResult.Claimed> readBack(ClaimRequest request, List<StoredSeat> written) {
        Set<SeatId> requested = new HashSet<>(request.seats());
        if (written.stream().anyMatch(stored -> !requested.contains(stored.seat()) && stored.isLive())) {
            return Optional.empty();
        }
        List<StoredSeat> group = written.stream()
                .filter(stored -> requested.contains(stored.seat()))
                .map(stored -> new StoredSeat(stored.state(), false)) // a very short hold counts, as in claim
                .toList();
        boolean whole = group.size() == requested.size() && group.stream().allMatch(stored ->
                request.user().equals(stored.owner()) && stored.status() == request.targetStatus());
        if (!whole) {
            throw new BookingException(BookingException.Failure.UNEXPECTED, "claim " + request.reference()
                    + " read back " + group.size() + " of its " + requested.size()
                    + " seats as claimed right after claiming them");
        }
        return Optional.of(SeatRules.claimedAsItStands(group));
    }

    /** What a batch read before deciding: its seats locked, the seats and the bindings of its references. */
    private record Reads(Map<SeatId, StoredSeat> locked, Map<BookingReference, List<StoredSeat>> referenced,
                         Map<BookingReference, Binding> bound) {
    }

    /** A binding row as stored. */
    private record Binding(String show, String owner, String seatsSha256) {
        boolean matches(ClaimIdentity identity) {
            return Objects.equals(show, identity.show().value()) && Objects.equals(owner, identity.user().value())
                    && Objects.equals(seatsSha256, identity.seatsDigest());
        }
    }
}
