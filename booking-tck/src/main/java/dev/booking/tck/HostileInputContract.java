package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.tck.HostileIdentifiers.Case;
import dev.booking.tck.HostileIdentifiers.Category;
import dev.booking.tck.HostileIdentifiers.Sample;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rule 10: hostile and malformed identifiers, from a fixed corpus and seeded random ones
 * ({@link HostileIdentifiers}). SQL metacharacters, quotes, comments and injected statements,
 * {@code LIKE} wildcards, backslashes and placeholders, MongoDB operators and dotted keys, Unicode
 * (right-to-left and zero-width marks, emoji and other surrogate pairs, canonically equivalent
 * spellings, any allowed code point), case and space variants and exactly the maximum length are sent,
 * and so are invalid identifiers: control characters, unpaired surrogates, blanks and sizes past the
 * limit up to a megabyte. Each is used as show, seat, user and booking reference (a hold claimed under
 * it), and must either be rejected with an {@link IllegalArgumentException} naming its field before
 * anything is written (a seat number handed to {@link SeatRepository#addSeats} too, where the valid seat
 * of the same batch must not be added), or be stored verbatim and read back identical, with exactly the
 * answers of the in-memory reference implementation, which serves as the oracle. A guard seat booked
 * first must never change: no input may touch a row other than its own seat.
 *
 * <p>The rule runs as one dynamic test per corpus identifier, which tries it in each of the four roles
 * (the seat numbers all in one show, so that {@code A1}, {@code a1} and {@code A1 } meet there), then
 * one per random case, {@value #RANDOM_CASES} of them drawn from {@link TckSettings#seed()}. A failure
 * names the identifiers, escaped as {@code \}{@code uXXXX}, and the seed: set {@code booking.tck.seed}
 * (or {@code BOOKING_TCK_SEED}) to it to replay the run. The tests after the first failure are
 * skipped, since the store and the oracle may disagree from then on.
 *
 * <p>Extend it like {@link SeatRepositoryContract}; {@link #repository()} must return the same
 * repository on every call, over a store that is empty when the class starts (a fresh table,
 * collection or database of its own), since the oracle starts empty too. The class keeps one instance
 * for all its tests ({@link TestInstance.Lifecycle#PER_CLASS}) and calls {@link #repository()} first
 * in a {@link BeforeAll} method, so a store that cannot be reached skips (or fails) the whole class
 * there, as the test's own set-up decides (in this project, {@code TestServers.unavailable}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HostileInputContract {

    /** Random cases per run: as many as the tries of the property this rule used to be. */
    private static final int RANDOM_CASES = 300;

    /** The show of the corpus: every seat number of the corpus is added to it. */
    private static final String CORPUS_SHOW = "tck-rule10-corpus";

    /** The settings this run uses, the seed among them; read once per test class. */
    protected final TckSettings settings = TckSettings.fromEnvironment();

    private final InMemorySeatRepository oracle = new InMemorySeatRepository();
    private SeatId guard;
    private int checks;
    private String firstFailure;

    /** The repository under test: the same instance on every call, over an initially empty store. */
    protected abstract SeatRepository repository();

    @BeforeAll
    void reachTheStoreAndBookTheGuardSeat() {
        try {
            repository(); // a store that cannot be reached skips the class here, before any test
        } catch (TestAbortedException e) {
            // the build counts the class as skipped without saying why; this line says it on the console
            System.out.println(getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        guard = SeatId.of("tck-guard-show", "guard-seat");
        both(repository -> {
            repository.addSeats(guard.show(), List.of(guard.number()));
            repository.tryBook(guard, UserId.of("guard"));
        });
    }

    @TestFactory
    @DisplayName("Rule 10: hostile identifiers are stored verbatim or rejected naming the field")
    Stream<DynamicNode> rule10_hostileIdentifiersAreStoredVerbatimOrRejectedNamingTheField() {
        List<Sample> corpus = HostileIdentifiers.corpus();
        List<DynamicTest> fixed = IntStream.range(0, corpus.size()).mapToObj(i -> {
            String name = "corpus identifier " + (i + 1) + ": " + corpus.get(i).category() + " "
                    + HostileIdentifiers.escape(corpus.get(i).value(), 40);
            List<Case> roles = inEveryRole(corpus.get(i), i + 1);
            return DynamicTest.dynamicTest(name, () -> run(name, roles));
        }).toList();

        HostileIdentifiers generator = new HostileIdentifiers(settings.seed());
        List<DynamicTest> random = IntStream.rangeClosed(1, RANDOM_CASES).mapToObj(i -> {
            Case next = generator.nextCase();
            String name = "random case " + i + ": show " + next.show().category() + ", seat " + next.seat().category()
                    + ", user " + next.user().category() + ", reference " + next.reference().category();
            return DynamicTest.dynamicTest(name, () -> run(name, List.of(next)));
        }).toList();

        return Stream.of(
                DynamicContainer.dynamicContainer(corpus.size() + " identifiers of the corpus, each as show, seat,"
                        + " user and reference", fixed.stream()),
                DynamicContainer.dynamicContainer(RANDOM_CASES + " random cases from seed " + settings.seed(),
                        random.stream()));
    }

    /** The sample as show, then as seat, user and reference, with plain identifiers of its own around it. */
    private static List<Case> inEveryRole(Sample sample, int index) {
        Sample show = plain(CORPUS_SHOW);
        return List.of(
                new Case(sample, plain("seat-" + index), plain("user-" + index + "-show"), plain("reference-" + index + "-show")),
                new Case(show, sample, plain("user-" + index + "-seat"), plain("reference-" + index + "-seat")),
                new Case(show, plain("seat-" + index + "-user"), sample, plain("reference-" + index + "-user")),
                new Case(show, plain("seat-" + index + "-reference"), plain("user-" + index + "-reference"), sample));
    }

    private static Sample plain(String value) {
        return new Sample(Category.PRINTABLE_ASCII, value);
    }

    /** Checks the cases, naming the failing one and the seed; skips them after an earlier failure. */
    private void run(String name, List<Case> cases) {
        if (firstFailure != null) {
            Assumptions.abort("skipped: '" + firstFailure + "' failed before, so the store and the oracle may disagree");
        }
        for (Case next : cases) {
            try {
                check(next);
            } catch (TestAbortedException e) {
                throw e;
            } catch (AssertionError | RuntimeException e) {
                firstFailure = name;
                long seed = settings.seed();
                throw new AssertionError("Rule 10 failed on " + name + " (seed " + seed + "; replay the run with"
                        + " -Dbooking.tck.seed=" + seed + " or BOOKING_TCK_SEED=" + seed + ")\n  case: " + next
                        + "\n  " + (e instanceof AssertionError ? e.getMessage() : e.toString()), e);
            }
        }
    }

    private void check(Case sent) {
        checks++;
        Optional<SeatState> guardBefore = repository().findSeat(guard);
        Optional<ShowId> show = build(sent.show(), "show", ShowId::of);
        Optional<String> number = build(sent.seat(), "seat", value -> SeatId.of(CORPUS_SHOW, value).number());
        Optional<UserId> user = build(sent.user(), "user", UserId::of);
        Optional<BookingReference> reference = build(sent.reference(), "reference", BookingReference::of);
        if (show.isPresent() && number.isEmpty()) {
            String validSeat = "valid-seat-" + checks;
            for (SeatRepository repository : List.of(repository(), oracle)) {
                assertThatIllegalArgumentException().as("addSeats with an invalid seat number")
                        .isThrownBy(() -> repository.addSeats(show.get(), List.of(validSeat, sent.seat().value())))
                        .withMessageStartingWith("seat must");
            }
            assertThat(repository().findSeat(show.get().seat(validSeat)))
                    .as("the valid seat of a batch rejected for an invalid one").isEmpty();
        }
        if (show.isPresent() && number.isPresent()) {
            storedVerbatim(show.get().seat(number.get()), user, reference);
        }
        assertThat(repository().findSeat(guard)).as("the guard seat").isEqualTo(guardBefore);
    }

    private void storedVerbatim(SeatId id, Optional<UserId> user, Optional<BookingReference> reference) {
        both(repository -> repository.addSeats(id.show(), List.of(id.number())));
        if (user.isPresent()) {
            UserId owner = user.get();
            // references are generated, so results are compared without them
            assertThat(comparable(repository().tryBook(id, owner))).as("tryBook")
                    .isEqualTo(comparable(oracle.tryBook(id, owner)));
            if (reference.isPresent()) {
                assertThat(comparable(repository().release(id, owner))).as("release")
                        .isEqualTo(comparable(oracle.release(id, owner)));
                ClaimRequest hold = ClaimRequest.hold(id.show(), owner, Duration.ofHours(1), id.number())
                        .withReference(reference.get());
                ClaimResult claimed = repository().claim(hold);
                assertThat(comparable(claimed)).as("a hold claimed under the reference")
                        .isEqualTo(comparable(oracle.claim(hold)));
                if (claimed instanceof ClaimResult.Claimed) {
                    assertThat(repository().findSeat(id).map(SeatState::reference)).as("stored reference")
                            .contains(reference.get());
                }
            }
        }
        assertThat(repository().findSeat(id).map(HostileInputContract::comparable)).as("the seat read back")
                .isEqualTo(oracle.findSeat(id).map(HostileInputContract::comparable));
        assertThat(repository().listSeats(id.show()).stream().map(HostileInputContract::comparable).toList())
                .as("the show's seats read back")
                .isEqualTo(oracle.listSeats(id.show()).stream().map(HostileInputContract::comparable).toList());
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
        if (result instanceof ReleaseResult.Released released) {
            return List.of("Released", released.owner(), released.seats());
        }
        return result;
    }

    /** A seat without its generated reference (unless it was the caller's) and its expiry instant. */
    private static List<Object> comparable(SeatState state) {
        boolean generated = state.reference() != null && state.status() == SeatStatus.BOOKED;
        return Arrays.asList(state.seat(), state.status(), state.owner(), generated ? "generated" : state.reference(),
                state.version());
    }

    private void both(Consumer<SeatRepository> step) {
        step.accept(repository());
        step.accept(oracle);
    }

    /**
     * Builds the value of a valid sample; for an invalid one checks that it is rejected naming
     * {@code field}.
     */
    private static <T> Optional<T> build(Sample sample, String field, Function<String, T> factory) {
        T built;
        try {
            built = factory.apply(sample.value());
        } catch (IllegalArgumentException e) {
            assertThat(sample.valid()).as("a valid %s rejected: %s", field, e.getMessage()).isFalse();
            assertThat(e.getMessage()).as("the rejection of an invalid %s names the field", field)
                    .startsWith(field + " must");
            return Optional.empty();
        }
        assertThat(sample.valid()).as("an invalid %s accepted", field).isTrue();
        return Optional.of(built);
    }
}
