package dev.booking.tck;

import dev.booking.core.BookingResult;
import dev.booking.core.Identifier;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.history.History;
import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.SeatModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules every {@link SeatRepository} must follow. An adapter's test suite extends this class
 * and implements {@link #repository()}; JUnit then runs every rule against it:
 *
 * <pre>{@code
 * class MyStoreCompatibilityTest extends SeatRepositoryContract {
 *     private static final SeatRepository REPOSITORY = MySeatRepository.connect(...);
 *
 *     @Override
 *     protected SeatRepository repository() {
 *         return REPOSITORY;
 *     }
 * }
 * }</pre>
 *
 * <p>Isolation: every rule works on a show of its own with a random name, so the rules need no
 * cleanup between them and may share one repository and one table with other suites.
 *
 * <p>The rules (each test method's name starts with its rule number):
 * <ol>
 *   <li>Exactly one of N concurrent callers wins one seat (N from {@link TckSettings#racers()},
 *       released from one gate, repeated for {@link TckSettings#rounds()} seats). Every other caller
 *       gets {@code Taken}; none throws; none is left without an answer after
 *       {@link TckSettings#timeout()}; the stored owner is the winner.</li>
 *   <li>Many users on many seats at once: every seat has exactly one winner, the number of
 *       {@code Booked} results equals the number of booked seats, and every {@code Booked} result
 *       is stored (nothing acknowledged is lost).</li>
 *   <li>The same user asking again gets {@code AlreadyYours} and nothing changes, also when the same
 *       user races against itself.</li>
 *   <li>An unknown seat is {@code NoSuchSeat} and nothing is created.</li>
 *   <li>Bad input raises {@link IllegalArgumentException} and nothing is written, not even the valid
 *       part of a batch.</li>
 *   <li>Adding seats is idempotent: an existing seat keeps its owner and version.</li>
 *   <li>Identifiers are stored verbatim and compared exactly: quotes, operators, Unicode, case and
 *       trailing spaces round-trip; {@code "A1"}, {@code "a1"} and {@code "A1 "} are three seats; and
 *       {@code ann}, {@code Ann}, {@code "ann "} and two canonically equivalent spellings of one name
 *       are five users: each gets {@code Taken}, never {@code AlreadyYours}, for a seat another of them
 *       owns, and the seat does not change.</li>
 *   <li>Shows are independent: the same seat number in two shows is two seats.</li>
 *   <li>A race of bookings and reads over a few seats, recorded as a history with real-time
 *       intervals, is linearizable against the sequential model of a seat
 *       ({@link dev.booking.tck.history.LinearizabilityChecker}); a violation prints a minimal
 *       counter-example.</li>
 * </ol>
 *
 * <p>Thread-safety: the kit calls the repository from many threads at once, as the contract allows.
 */
public abstract class SeatRepositoryContract {

    /** The settings this run uses; read once per test instance. */
    protected final TckSettings settings = TckSettings.fromEnvironment();

    private ShowId show;

    /**
     * The repository under test. It may return the same instance on every call; the kit never
     * closes it. It must reach a store in which the kit may create seats in shows named
     * {@code tck-*}.
     */
    protected abstract SeatRepository repository();

    @BeforeEach
    void freshShow(TestInfo test) {
        show = RuleShows.forRule(test);
    }

    /** The show of the rule that is running, unique to it. */
    protected final ShowId show() {
        return show;
    }

    @Test
    @DisplayName("Rule 1: exactly one of N concurrent callers wins a seat; the others get Taken")
    void rule1_exactlyOneOfManyConcurrentCallersWinsASeat() {
        List<String> numbers = IntStream.range(0, settings.rounds()).mapToObj(i -> "R" + i).toList();
        repository().addSeats(show, numbers);
        for (String number : numbers) {
            SeatId seat = show.seat(number);
            List<Race.Attempt<BookingResult>> attempts = Race.run(settings.racers(),
                    caller -> () -> repository().tryBook(seat, UserId.of("racer-" + caller)), settings.timeout());

            assertThat(failures(attempts)).as("exceptions thrown by racers for %s", seat).isEmpty();
            List<BookingResult> results = values(attempts);
            List<BookingResult> winners = results.stream().filter(r -> r instanceof BookingResult.Booked).toList();
            assertThat(winners).as("winners of %s among %d racers", seat, settings.racers()).hasSize(1);
            assertThat(results.stream().filter(r -> r instanceof BookingResult.Taken).count())
                    .as("Taken answers for %s", seat).isEqualTo(settings.racers() - 1L);

            SeatState stored = repository().findSeat(seat).orElseThrow();
            assertThat(stored.status()).isEqualTo(SeatStatus.BOOKED);
            assertThat(stored.owner()).as("stored owner of %s", seat)
                    .isEqualTo(((BookingResult.Booked) winners.get(0)).owner());
        }
    }

    @Test
    @DisplayName("Rule 2: many users on many seats: one winner per seat, every Booked answer is stored")
    void rule2_manyUsersOnManySeatsNeitherDoubleBookNorLoseAnything() {
        int seatCount = Math.min(settings.seats(), settings.racers());
        List<String> numbers = IntStream.range(0, seatCount).mapToObj(i -> "M" + i).toList();
        repository().addSeats(show, numbers);

        // neighbouring callers share a seat: threads leave the gate roughly in index order, so
        // each seat's contenders arrive together
        List<Race.Attempt<BookingResult>> attempts = Race.run(settings.racers(), caller -> {
            SeatId seat = show.seat(numbers.get((int) ((long) caller * seatCount / settings.racers())));
            UserId user = UserId.of("user-" + caller);
            return () -> repository().tryBook(seat, user);
        }, settings.timeout());

        assertThat(failures(attempts)).as("exceptions thrown by racers").isEmpty();
        Map<SeatId, List<UserId>> winnersBySeat = new HashMap<>();
        for (BookingResult result : values(attempts)) {
            assertThat(result).isInstanceOfAny(BookingResult.Booked.class, BookingResult.Taken.class);
            if (result instanceof BookingResult.Booked booked) {
                winnersBySeat.computeIfAbsent(booked.seat(), s -> new ArrayList<>()).add(booked.owner());
            }
        }
        List<SeatState> stored = repository().listSeats(show);
        assertThat(stored).hasSize(seatCount);
        for (SeatState state : stored) {
            List<UserId> winners = winnersBySeat.getOrDefault(state.seat(), List.of());
            assertThat(winners).as("callers told they won %s", state.seat()).hasSize(1);
            assertThat(state.owner()).as("stored owner of %s", state.seat()).isEqualTo(winners.get(0));
        }
        long booked = stored.stream().filter(s -> s.status() == SeatStatus.BOOKED).count();
        assertThat(winnersBySeat.values().stream().mapToInt(List::size).sum())
                .as("Booked answers against booked seats").isEqualTo((int) booked);
    }

    @Test
    @DisplayName("Rule 3: the same user asking again gets AlreadyYours and nothing changes")
    void rule3_sameUserAgainGetsAlreadyYoursAndNothingChanges() {
        SeatId seat = show.seat("A1");
        UserId ann = UserId.of("ann");
        repository().addSeats(show, List.of("A1"));

        BookingResult first = repository().tryBook(seat, ann);
        assertThat(first).isInstanceOf(BookingResult.Booked.class);
        BookingResult.Booked booked = (BookingResult.Booked) first;
        assertThat(booked.owner()).isEqualTo(ann);
        SeatState afterFirst = repository().findSeat(seat).orElseThrow();
        assertThat(afterFirst.reference()).as("stored reference").isEqualTo(booked.reference());

        assertThat(repository().tryBook(seat, ann))
                .isEqualTo(new BookingResult.AlreadyYours(seat, ann, booked.reference()));
        assertThat(repository().findSeat(seat)).contains(afterFirst);

        SeatId contested = show.seat("A2");
        repository().addSeats(show, List.of("A2"));
        int callers = Math.min(settings.racers(), 100);
        List<Race.Attempt<BookingResult>> attempts =
                Race.run(callers, caller -> () -> repository().tryBook(contested, ann), settings.timeout());
        assertThat(failures(attempts)).isEmpty();
        assertThat(values(attempts)).filteredOn(r -> r instanceof BookingResult.Booked).hasSize(1);
        assertThat(values(attempts)).filteredOn(r -> r instanceof BookingResult.AlreadyYours).hasSize(callers - 1);
        assertThat(repository().findSeat(contested).orElseThrow().owner()).isEqualTo(ann);
    }

    @Test
    @DisplayName("Rule 4: an unknown seat is NoSuchSeat and nothing is created")
    void rule4_unknownSeatIsNoSuchSeatAndNothingIsCreated() {
        repository().addSeats(show, List.of("A1"));
        SeatId missing = show.seat("Z99");
        SeatId missingShow = SeatId.of(show.value() + "-other", "A1");

        assertThat(repository().tryBook(missing, UserId.of("ann"))).isEqualTo(new BookingResult.NoSuchSeat(missing));
        assertThat(repository().tryBook(missingShow, UserId.of("ann")))
                .isEqualTo(new BookingResult.NoSuchSeat(missingShow));
        assertThat(repository().findSeat(missing)).isEmpty();
        assertThat(repository().findSeat(missingShow)).isEmpty();
        assertThat(repository().listSeats(show)).extracting(SeatState::seat).containsExactly(show.seat("A1"));
        assertThat(repository().listSeats(missingShow.show())).isEmpty();
    }

    @Test
    @DisplayName("Rule 5: bad input raises IllegalArgumentException naming the field; nothing is written")
    void rule5_badInputIsRejectedAndNothingIsWritten() {
        repository().addSeats(show, List.of("A1"));
        SeatId seat = show.seat("A1");

        assertThatIllegalArgumentException().isThrownBy(() -> repository().tryBook(null, UserId.of("ann")))
                .withMessageContaining("seat");
        assertThatIllegalArgumentException().isThrownBy(() -> repository().tryBook(seat, null))
                .withMessageContaining("user");
        assertThatIllegalArgumentException().isThrownBy(() -> repository().findSeat(null))
                .withMessageContaining("seat");
        assertThatIllegalArgumentException().isThrownBy(() -> repository().listSeats(null))
                .withMessageContaining("show");
        assertThatIllegalArgumentException().isThrownBy(() -> repository().addSeats(null, List.of("B1")))
                .withMessageContaining("show");
        assertThatIllegalArgumentException().isThrownBy(() -> repository().addSeats(show, null))
                .withMessageContaining("numbers");

        List<String> partlyBad = new ArrayList<>(List.of("B1", "B2"));
        partlyBad.add(null);
        assertThatIllegalArgumentException().isThrownBy(() -> repository().addSeats(show, partlyBad))
                .withMessageContaining("seat");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> repository().addSeats(show, List.of("B3", "bad\u0000seat")))
                .withMessageContaining("seat");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> repository().addSeats(show, List.of("B4", "x".repeat(Identifier.MAX_LENGTH + 1))))
                .withMessageContaining("seat");

        assertThat(repository().listSeats(show)).extracting(SeatState::seat).containsExactly(seat);
        assertThat(repository().findSeat(seat)).contains(SeatState.empty(seat));
    }

    @Test
    @DisplayName("Rule 6: adding seats is idempotent; an existing seat keeps its owner and version")
    void rule6_addingSeatsIsIdempotent() {
        repository().addSeats(show, List.of("A2", "A1", "A1", "A3"));
        SeatId a1 = show.seat("A1");
        assertThat(repository().tryBook(a1, UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        SeatState booked = repository().findSeat(a1).orElseThrow();
        assertThat(booked.version()).isGreaterThan(0);

        repository().addSeats(show, List.of("A1", "A2", "A4"));

        assertThat(repository().findSeat(a1)).contains(booked);
        assertThat(repository().listSeats(show)).extracting(SeatState::seat)
                .containsExactly(show.seat("A1"), show.seat("A2"), show.seat("A3"), show.seat("A4"));
        assertThat(repository().listSeats(show)).filteredOn(SeatState::isEmpty).hasSize(3)
                .allSatisfy(s -> assertThat(s.version()).isZero());
    }

    @Test
    @DisplayName("Rule 7: identifiers are stored verbatim and compared exactly, users too")
    void rule7_identifiersAreStoredVerbatimAndComparedExactly() {
        List<String> numbers = List.of("A1", "a1", "A1 ", "' OR '1'='1", "\"; DROP TABLE seats; --",
                "{\"$gt\": \"\"}", "$where", "a.b", "\u202Eright-to-left", "\ud83c\udfad\u00e9\u00df", "x".repeat(Identifier.MAX_LENGTH));
        repository().addSeats(show, numbers);

        assertThat(repository().listSeats(show)).extracting(s -> s.seat().number())
                .containsExactlyElementsOf(numbers.stream().sorted().toList());
        for (String number : numbers) {
            UserId user = UserId.of("user " + number.substring(0, Math.min(number.length(), 100)) + " \u00fc");
            SeatId seat = show.seat(number);
            assertThat(repository().tryBook(seat, user)).as("booking %s", number)
                    .isInstanceOfSatisfying(BookingResult.Booked.class, booked -> {
                        assertThat(booked.seat()).isEqualTo(seat);
                        assertThat(booked.owner()).isEqualTo(user);
                    });
            assertThat(repository().findSeat(seat).orElseThrow().owner()).isEqualTo(user);
        }
        // users are compared exactly: no look-alike of the owner is told the seat is already theirs
        ShowId usersShow = ShowId.of(show.value() + "-users");
        List<UserId> lookAlikes = LookAlikeUsers.all();
        repository().addSeats(usersShow, IntStream.range(0, lookAlikes.size()).mapToObj(i -> "U" + i).toList());
        for (int i = 0; i < lookAlikes.size(); i++) {
            UserId owner = lookAlikes.get(i);
            SeatId seat = usersShow.seat("U" + i);
            assertThat(repository().tryBook(seat, owner)).isInstanceOf(BookingResult.Booked.class);
            SeatState booked = repository().findSeat(seat).orElseThrow();
            for (UserId other : LookAlikeUsers.besides(owner)) {
                assertThat(repository().tryBook(seat, other))
                        .as("tryBook by %s of the seat %s owns (users are compared exactly: case, trailing spaces"
                                + " and the Unicode spelling count)", LookAlikeUsers.shown(other), LookAlikeUsers.shown(owner))
                        .isEqualTo(new BookingResult.Taken(seat));
            }
            assertThat(repository().tryBook(seat, owner)).as("tryBook by the owner %s", LookAlikeUsers.shown(owner))
                    .isEqualTo(new BookingResult.AlreadyYours(seat, owner, booked.reference()));
            assertThat(repository().findSeat(seat)).as("the seat of %s after its look-alikes asked for it",
                    LookAlikeUsers.shown(owner)).contains(booked);
        }

        UserId longest = UserId.of("u".repeat(Identifier.MAX_LENGTH));
        ShowId longShow = ShowId.of(("tck-long-" + UUID.randomUUID()).repeat(3).substring(0, Identifier.MAX_LENGTH));
        repository().addSeats(longShow, List.of("1"));
        assertThat(repository().tryBook(longShow.seat("1"), longest)).isInstanceOf(BookingResult.Booked.class);
        assertThat(repository().findSeat(longShow.seat("1")).orElseThrow().owner()).isEqualTo(longest);
    }

    @Test
    @DisplayName("Rule 8: shows are independent; the same seat number in two shows is two seats")
    void rule8_showsAreIndependent() {
        ShowId other = ShowId.of(show.value() + "-matinee");
        repository().addSeats(show, List.of("A1"));
        repository().addSeats(other, List.of("A1"));

        assertThat(repository().tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(repository().tryBook(other.seat("A1"), UserId.of("bob"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(repository().findSeat(show.seat("A1")).orElseThrow().owner()).isEqualTo(UserId.of("ann"));
        assertThat(repository().findSeat(other.seat("A1")).orElseThrow().owner()).isEqualTo(UserId.of("bob"));
        assertThat(repository().listSeats(show)).hasSize(1);
    }

    @Test
    @DisplayName("Rule 9: a race of bookings and reads is linearizable, seat by seat")
    void rule9_aRaceOfBookingsAndReadsIsLinearizable() {
        List<String> numbers = List.of("L1", "L2", "L3");
        repository().addSeats(show, numbers);
        History history = new History();
        int users = Math.max(1, settings.racers() / 2);
        List<Race.Attempt<Object>> attempts = Race.run(settings.racers(), caller -> {
            SeatId seat = show.seat(numbers.get(caller % numbers.size()));
            if (caller % 5 == 4) {
                return () -> history.read(repository(), seat);
            }
            UserId user = UserId.of("user-" + (caller % users)); // most users ask twice
            return () -> history.book(repository(), seat, user);
        }, settings.timeout());

        assertThat(failures(attempts)).as("exceptions thrown by racers").isEmpty();
        LinearizabilityChecker.Verdict verdict = new LinearizabilityChecker().check(history.operations(),
                seat -> SeatModel.EMPTY);
        assertThat(verdict.linearizable()).as(verdict.describe()).isTrue();
        assertThat(verdict.operations()).isEqualTo(settings.racers());
    }

    /** The exceptions racers threw, in caller order. */
    protected static <T> List<Throwable> failures(List<Race.Attempt<T>> attempts) {
        return Attempts.failures(attempts);
    }

    /** The values racers returned, in caller order, skipping those that threw. */
    protected static <T> List<T> values(List<Race.Attempt<T>> attempts) {
        return Attempts.values(attempts);
    }
}
