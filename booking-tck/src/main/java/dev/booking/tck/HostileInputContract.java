package dev.booking.tck;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 10, property-based (jqwik): hostile and malformed identifiers. SQL metacharacters, quotes,
 * comments, MongoDB operators and dotted keys, Unicode (surrogates, right-to-left and zero-width
 * marks, combining accents, emoji), control characters and sizes past the limit are generated for
 * show, seat and user, and each input must either be rejected with an
 * {@link IllegalArgumentException} naming its field before anything is written, or be stored
 * verbatim and read back identical, with exactly the answers of the in-memory reference
 * implementation, which serves as the oracle. A guard seat booked first must never change: no
 * input may touch a row other than its own seat.
 *
 * <p>Extend it like {@link SeatRepositoryContract}; {@link #repository()} must return the same
 * repository on every call, over a store that is empty when the class starts (a fresh table,
 * collection or database of its own), since the oracle starts empty too.
 */
public abstract class HostileInputContract {

    private final InMemorySeatRepository oracle = new InMemorySeatRepository();
    private SeatId guard;

    /** The repository under test: the same instance on every call, over an initially empty store. */
    protected abstract SeatRepository repository();

    @Property(tries = 300)
    void rule10_hostileIdentifiersAreStoredVerbatimOrRejectedNamingTheField(
            @ForAll("identifiers") String show, @ForAll("identifiers") String seat, @ForAll("identifiers") String user) {
        Optional<SeatState> guardBefore = repository().findSeat(guard());
        Optional<SeatId> seatId = attempt(() -> SeatId.of(show, seat), "show", "seat");
        Optional<UserId> userId = attempt(() -> UserId.of(user), "user");
        if (seatId.isPresent()) {
            both(repository -> repository.addSeats(seatId.get().show(), List.of(seat)));
            if (userId.isPresent()) {
                BookingResult actual = repository().tryBook(seatId.get(), userId.get());
                assertThat(actual).isEqualTo(oracle.tryBook(seatId.get(), userId.get()));
            }
            assertThat(repository().findSeat(seatId.get())).isEqualTo(oracle.findSeat(seatId.get()));
            assertThat(repository().listSeats(seatId.get().show())).isEqualTo(oracle.listSeats(seatId.get().show()));
        }
        assertThat(repository().findSeat(guard())).as("the guard seat").isEqualTo(guardBefore);
    }

    /** Identifiers as an attacker, a fuzzer and a careless client would send them. */
    @Provide
    Arbitrary<String> identifiers() {
        Arbitrary<String> hostile = Arbitraries.of(
                "A1", "a1", "A1 ", " A1", "' OR '1'='1", "'; DROP TABLE booking_seat; --", "\"; DELETE FROM x; --",
                "/* comment */", "--", "\\", "\\'", "%", "_", "?", ":user", "${table}", "`backtick`",
                "{\"$gt\": \"\"}", "$where", "$ne", "a.b.c", "$", ".", "\u202Eevil\u202C", "\u200B", "\uFEFFbom",
                "\ud83c\udfad", "\ud800", "\udfff", "caf\u00e9", "cafe\u0301", "\u0000", "a\u0000b", "\n", "\r\n", "\t",
                "\u0085", "\u2028", "", " ", "x".repeat(128), "x".repeat(129), "\u00e9".repeat(128),
                "\ud83c\udfad".repeat(64), "y".repeat(1 << 20));
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(140);
        Arbitrary<String> printable = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(130);
        return Arbitraries.frequencyOf(Tuple.of(4, hostile), Tuple.of(3, anyUnicode), Tuple.of(3, printable));
    }

    private SeatId guard() {
        if (guard == null) {
            guard = SeatId.of("tck-guard-show", "guard-seat");
            both(repository -> {
                repository.addSeats(guard.show(), List.of(guard.number()));
                repository.tryBook(guard, UserId.of("guard"));
            });
        }
        return guard;
    }

    private void both(Consumer<SeatRepository> step) {
        step.accept(repository());
        step.accept(oracle);
    }

    /** Builds the value, or checks that the rejection names one of the expected fields. */
    private static <T> Optional<T> attempt(Supplier<T> build, String... fields) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException e) {
            assertThat(List.of(fields)).as("the field named in: %s", e.getMessage())
                    .anyMatch(field -> e.getMessage().startsWith(field + " must"));
            return Optional.empty();
        }
    }
}
