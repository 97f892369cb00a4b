package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed identifiers against every SQL backend, checked against the in-memory
 * reference implementation as an oracle: each input is either rejected with an
 * {@link IllegalArgumentException} naming its field before anything is written, or stored verbatim
 * and read back identical, with exactly the oracle's answers; and no input ever changes a row other
 * than its own seat (a guard seat booked beforehand stays as it was).
 */
class HostileInputPropertiesTest {

    private static final Map<TestDatabase, Backend> BACKENDS = new EnumMap<>(TestDatabase.class);

    /** A repository under test, its oracle, and the guard seat that nothing may touch. */
    private record Backend(HikariDataSource pool, SeatRepository seats, InMemorySeatRepository oracle, SeatId guard) {
    }

    @Property(tries = 300)
    void h2(@ForAll("identifiers") String show, @ForAll("identifiers") String seat, @ForAll("identifiers") String user) {
        check(TestDatabase.H2, show, seat, user);
    }

    @Property(tries = 300)
    void postgresql(@ForAll("identifiers") String show, @ForAll("identifiers") String seat,
                    @ForAll("identifiers") String user) {
        check(TestDatabase.POSTGRESQL, show, seat, user);
    }

    @Property(tries = 300)
    void mariadb(@ForAll("identifiers") String show, @ForAll("identifiers") String seat,
                 @ForAll("identifiers") String user) {
        check(TestDatabase.MARIADB, show, seat, user);
    }

    @Provide
    Arbitrary<String> identifiers() {
        Arbitrary<String> hostile = Arbitraries.of(
                "A1", "a1", "A1 ", " A1", "' OR '1'='1", "'; DROP TABLE booking_seat; --", "\"; DELETE FROM x; --",
                "/* comment */", "--", "\\", "\\'", "%", "_", "?", ":user", "${table}", "`backtick`",
                "{\"$gt\": \"\"}", "$where", "$ne", "a.b.c", "$", ".", "\u202Eevil\u202C", "\u200B", "\uFEFFbom",
                "\ud83c\udfad", "\ud800", "\udfff", "caf\u00e9", "cafe\u0301", "\u0000", "a\u0000b", "\n", "\r\n", "\t",
                "\u0085", "\u2028", "", " ", "x".repeat(128), "x".repeat(129), "\u00e9".repeat(128), "\ud83c\udfad".repeat(64));
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(140);
        Arbitrary<String> printable = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(130);
        return Arbitraries.frequencyOf(Tuple.of(4, hostile), Tuple.of(3, anyUnicode), Tuple.of(3, printable));
    }

    private static void check(TestDatabase database, String show, String seat, String user) {
        Backend backend = BACKENDS.computeIfAbsent(database, HostileInputPropertiesTest::open);
        Optional<SeatId> seatId = attempt(() -> SeatId.of(show, seat), "show", "seat");
        Optional<UserId> userId = attempt(() -> UserId.of(user), "user");
        var guardBefore = backend.seats().findSeat(backend.guard());
        if (seatId.isPresent()) {
            ShowId showId = seatId.get().show();
            backend.seats().addSeats(showId, List.of(seat));
            backend.oracle().addSeats(showId, List.of(seat));
            if (userId.isPresent()) {
                BookingResult actual = backend.seats().tryBook(seatId.get(), userId.get());
                assertThat(actual).isEqualTo(backend.oracle().tryBook(seatId.get(), userId.get()));
            }
            assertThat(backend.seats().findSeat(seatId.get())).isEqualTo(backend.oracle().findSeat(seatId.get()));
            assertThat(backend.seats().listSeats(showId)).isEqualTo(backend.oracle().listSeats(showId));
        }
        assertThat(backend.seats().findSeat(backend.guard())).isEqualTo(guardBefore);
    }

    /** Builds the value, or checks that the rejection names one of the expected fields. */
    private static <T> Optional<T> attempt(Supplier<T> build, String... fields) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException e) {
            assertThat(List.of(fields)).anyMatch(field -> e.getMessage().startsWith(field + " must"));
            return Optional.empty();
        }
    }

    private static Backend open(TestDatabase database) {
        HikariDataSource pool = database.pool(4);
        Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
        String table = TestTables.fresh(pool, dialect, HostileInputPropertiesTest.class);
        JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(table).build();
        seats.createSchema();
        InMemorySeatRepository oracle = new InMemorySeatRepository();
        SeatId guard = SeatId.of("guard-show", "guard-seat");
        for (SeatRepository repository : List.of(seats, oracle)) {
            repository.addSeats(guard.show(), List.of(guard.number()));
            repository.tryBook(guard, UserId.of("guard"));
        }
        return new Backend(pool, seats, oracle, guard);
    }

    @AfterContainer
    static void closePools() {
        BACKENDS.values().forEach(backend -> backend.pool().close());
        BACKENDS.clear();
    }
}
