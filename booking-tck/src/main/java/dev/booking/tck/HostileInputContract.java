package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatStatus;
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

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 10, property-based (jqwik): hostile and malformed identifiers. SQL metacharacters, quotes,
 * comments, MongoDB operators and dotted keys, Unicode (surrogates, right-to-left and zero-width
 * marks, combining accents, emoji), control characters and sizes past the limit are generated for
 * show, seat, user and booking reference (a hold claimed under it), and each input must either be rejected with an
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
            @ForAll("identifiers") String show, @ForAll("identifiers") String seat, @ForAll("identifiers") String user,
            @ForAll("identifiers") String reference) {
        Optional<SeatState> guardBefore = repository().findSeat(guard());
        Optional<SeatId> seatId = attempt(() -> SeatId.of(show, seat), "show", "seat");
        Optional<UserId> userId = attempt(() -> UserId.of(user), "user");
        Optional<BookingReference> ref = attempt(() -> BookingReference.of(reference), "reference");
        if (seatId.isPresent()) {
            SeatId id = seatId.get();
            both(repository -> repository.addSeats(id.show(), List.of(seat)));
            if (userId.isPresent()) {
                // references are generated, so results are compared without them
                assertThat(comparable(repository().tryBook(id, userId.get())))
                        .isEqualTo(comparable(oracle.tryBook(id, userId.get())));
                if (ref.isPresent()) {
                    both(repository -> repository.release(id, userId.get()));
                    ClaimRequest hold = ClaimRequest.hold(id.show(), userId.get(), Duration.ofHours(1), seat)
                            .withReference(ref.get());
                    ClaimResult claimed = repository().claim(hold);
                    assertThat(comparable(claimed)).isEqualTo(comparable(oracle.claim(hold)));
                    if (claimed instanceof ClaimResult.Claimed) {
                        assertThat(repository().findSeat(id).map(SeatState::reference)).as("stored reference")
                                .contains(ref.get());
                    }
                }
            }
            assertThat(repository().findSeat(id).map(HostileInputContract::comparable))
                    .isEqualTo(oracle.findSeat(id).map(HostileInputContract::comparable));
            assertThat(repository().listSeats(id.show()).stream().map(HostileInputContract::comparable).toList())
                    .isEqualTo(oracle.listSeats(id.show()).stream().map(HostileInputContract::comparable).toList());
        }
        assertThat(repository().findSeat(guard())).as("the guard seat").isEqualTo(guardBefore);
    }

    /** A result without what is generated (references) or decided by the store's clock (expiry). */
    private static Object comparable(Object result) {
        if (result instanceof BookingResult.Booked booked) {
            return List.of("Booked", booked.seat(), booked.owner());
        }
        if (result instanceof BookingResult.AlreadyYours yours) {
            return List.of("AlreadyYours", yours.seat(), yours.owner());
        }
        if (result instanceof ClaimResult.Claimed claimed) {
            return List.of("Claimed", claimed.reference(), claimed.owner(), claimed.seats(), claimed.status());
        }
        return result;
    }

    /** A seat without its generated reference (unless it was the caller's) and its expiry instant. */
    private static List<Object> comparable(SeatState state) {
        boolean generated = state.reference() != null && state.status() == SeatStatus.BOOKED;
        return Arrays.asList(state.seat(), state.status(), state.owner(), generated ? "generated" : state.reference(),
                state.version());
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
