package dev.booking.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that are specific to how this adapter makes multi-seat operations all-or-nothing without
 * transactions: compensation, concurrent repetitions of one request, concurrent confirmations,
 * releases and sweeps. Every racer starts from one gate ({@link Race}); the assertions are
 * invariants of the final state and of the answers and events, never timings. Each test has a
 * collection of its own, so sweeps see only its holds.
 */
class MongoLifecycleRaceTest {

    private static final String DATABASE = "booking_lifecycle_races";
    private static final Duration RACE_LIMIT = Duration.ofMinutes(3);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    /** A repository on a collection of its own, with a listener that records. */
    private record Subject(MongoSeatRepository seats, RecordingListener listener, MongoCollection<Document> raw) {
        static Subject create(Clock clock) {
            String collection = "races_" + UUID.randomUUID().toString().replace("-", "");
            RecordingListener listener = new RecordingListener();
            MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                    .collection(collection).clock(clock).listener(listener).build();
            seats.createIndexes();
            return new Subject(seats, listener, mongo.client().getDatabase(DATABASE).getCollection(collection));
        }
    }

    private static ShowId showWith(Subject subject, List<String> numbers) {
        ShowId show = ShowId.of("race-" + UUID.randomUUID());
        subject.seats().addSeats(show, numbers);
        return show;
    }

    private static List<String> numbers(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("S%02d", i)).toList();
    }

    // ---------------------------------------------------------------- compensation

    @RepeatedTest(3)
    void overlappingGroupClaimsLeaveOnlyWholeAcknowledgedGroupsBehind() {
        Subject subject = Subject.create(MutableClock.atSomeInstant());
        List<String> numbers = numbers(10);
        ShowId show = showWith(subject, numbers);
        int callers = 200;
        List<ClaimRequest> requests = new ArrayList<>();
        for (int caller = 0; caller < callers; caller++) {
            Random random = new Random(caller);
            List<String> mine = new ArrayList<>(numbers);
            java.util.Collections.shuffle(mine, random);
            List<String> group = mine.subList(0, 2 + random.nextInt(3));
            UserId user = UserId.of("user-" + caller);
            requests.add(caller % 2 == 0 ? ClaimRequest.hold(show, user, TEN_MINUTES, group)
                    : ClaimRequest.book(show, user, group));
        }

        List<Race.Attempt<ClaimResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().claim(requests.get(caller)), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        Map<BookingReference, ClaimResult.Claimed> acknowledged = new HashMap<>();
        for (Race.Attempt<ClaimResult> attempt : attempts) {
            ClaimRequest request = requests.get(attempt.caller());
            assertThat(attempt.value()).isInstanceOfAny(ClaimResult.Claimed.class, ClaimResult.Unavailable.class);
            if (attempt.value() instanceof ClaimResult.Claimed claimed) {
                assertThat(claimed).isEqualTo(new ClaimResult.Claimed(request.reference(), request.user(),
                        request.seats(), request.targetStatus(), claimed.holdExpiresAt()));
                acknowledged.put(claimed.reference(), claimed);
            } else {
                assertThat(((ClaimResult.Unavailable) attempt.value()).seats()).isSubsetOf(request.seats());
            }
        }
        assertThatOnlyWholeAcknowledgedGroupsAreStored(subject, show, acknowledged);
        assertThat(subject.listener().events()).as("one event per acknowledged group, none for failures")
                .containsExactlyInAnyOrderElementsOf(acknowledged.values().stream().map(claimed -> new BookingEvent(
                        claimed.status() == SeatStatus.HELD ? BookingEvent.Type.HELD : BookingEvent.Type.BOOKED,
                        claimed.reference(), claimed.owner(), claimed.seats(), claimed.holdExpiresAt())).toList());

        // nothing left behind blocks anybody: every seat still empty can be had at once, as one group
        List<String> empty = subject.seats().listSeats(show).stream().filter(SeatState::isEmpty)
                .map(state -> state.seat().number()).toList();
        if (!empty.isEmpty()) {
            assertThat(subject.seats().claim(ClaimRequest.book(show, UserId.of("late"), empty)))
                    .isInstanceOf(ClaimResult.Claimed.class);
        }
    }

    private static void assertThatOnlyWholeAcknowledgedGroupsAreStored(Subject subject, ShowId show,
                                                                       Map<BookingReference, ClaimResult.Claimed> acknowledged) {
        Map<SeatId, SeatState> stored = new HashMap<>();
        subject.seats().listSeats(show).forEach(state -> stored.put(state.seat(), state));
        for (ClaimResult.Claimed claimed : acknowledged.values()) {
            for (SeatId seat : claimed.seats()) {
                assertThat(stored.get(seat)).as("acknowledged group %s is stored whole", claimed.reference())
                        .isEqualTo(new SeatState(seat, claimed.status(), claimed.owner(), claimed.reference(),
                                claimed.holdExpiresAt(), stored.get(seat).version()));
            }
        }
        Set<SeatId> acknowledgedSeats = new HashSet<>();
        acknowledged.values().forEach(claimed -> acknowledgedSeats.addAll(claimed.seats()));
        assertThat(stored.values()).filteredOn(state -> !state.isEmpty()).as("every taken seat is acknowledged")
                .allSatisfy(state -> assertThat(acknowledgedSeats).contains(state.seat()));
        assertThat(subject.raw().countDocuments(Filters.eq("pending", true))).as("no pending hold is left").isZero();
    }

    @Test
    void ofManyClaimsForTheSameGroupExactlyOneWinsAndTheOthersLeaveNoTrace() {
        Subject subject = Subject.create(Clock.systemUTC());
        ShowId show = showWith(subject, List.of("A1", "A2", "A3", "A4"));
        int callers = 100;
        List<ClaimRequest> requests = IntStream.range(0, callers).mapToObj(caller -> caller % 2 == 0
                ? ClaimRequest.book(show, UserId.of("user-" + caller), "A3", "A1", "A2")
                : ClaimRequest.hold(show, UserId.of("user-" + caller), TEN_MINUTES, "A2", "A3", "A1")).toList();

        List<Race.Attempt<ClaimResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().claim(requests.get(caller)), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        List<ClaimResult.Claimed> winners = attempts.stream().map(Race.Attempt::value)
                .filter(result -> result instanceof ClaimResult.Claimed).map(result -> (ClaimResult.Claimed) result)
                .toList();
        // whoever takes the first seat of the group cannot be stopped: its other seats are only reachable through it
        assertThat(winners).hasSize(1);
        assertThat(attempts).map(Race.Attempt::value).filteredOn(result -> !(result instanceof ClaimResult.Claimed))
                .allSatisfy(result -> assertThat(result).isInstanceOf(ClaimResult.Unavailable.class));
        assertThatOnlyWholeAcknowledgedGroupsAreStored(subject, show, Map.of(winners.get(0).reference(), winners.get(0)));
        assertThat(subject.seats().findSeat(show.seat("A4")).orElseThrow()).isEqualTo(SeatState.empty(show.seat("A4")));
        assertThat(subject.listener().events()).hasSize(1);
    }

    // ---------------------------------------------------------------- one request sent many times

    @Test
    void concurrentRepetitionsOfOneRequestAllGetTheOneClaimBack() {
        // the system clock: every repetition computes another expiry, yet all must answer the stored one
        Subject subject = Subject.create(Clock.systemUTC());
        ShowId show = showWith(subject, List.of("A1", "A2", "A3"));
        ClaimRequest request = ClaimRequest.hold(show, UserId.of("ann"), TEN_MINUTES, "A1", "A2", "A3");
        ClaimRequest single = ClaimRequest.book(show, UserId.of("bob"), "A1").withReference(BookingReference.of("x"));
        int callers = 60;

        List<Race.Attempt<ClaimResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().claim(request), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        ClaimResult first = attempts.get(0).value();
        assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(attempts).extracting(Race.Attempt::value).as("a retry is a replay, never Unavailable")
                .containsOnly(first);
        ClaimResult.Claimed claimed = (ClaimResult.Claimed) first;
        assertThat(subject.seats().listSeats(show)).extracting(SeatState::holdExpiresAt)
                .containsOnly(claimed.holdExpiresAt());
        assertThat(subject.listener().events()).as("claimed once, told once").hasSize(1);
        assertThat(subject.seats().claim(single)).isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A1"))));
    }

    @Test
    void concurrentRepetitionsOfAOneSeatBookingAllGetTheOneClaimBack() {
        Subject subject = Subject.create(Clock.systemUTC());
        ShowId show = showWith(subject, List.of("A1"));
        ClaimRequest request = ClaimRequest.book(show, UserId.of("ann"), "A1");
        int callers = 60;

        List<Race.Attempt<ClaimResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().claim(request), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        assertThat(attempts).extracting(Race.Attempt::value).containsOnly(new ClaimResult.Claimed(request.reference(),
                request.user(), request.seats(), SeatStatus.BOOKED, null));
        assertThat(subject.listener().events()).hasSize(1);
        assertThat(subject.seats().findSeat(show.seat("A1")).orElseThrow().version()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- confirm and release, many at once

    @Test
    void concurrentConfirmationsOfOneGroupBookEachSeatOnceAndAllSucceed() {
        Subject subject = Subject.create(MutableClock.atSomeInstant());
        List<String> numbers = numbers(8);
        ShowId show = showWith(subject, numbers);
        ClaimRequest request = ClaimRequest.hold(show, UserId.of("ann"), TEN_MINUTES, numbers);
        subject.seats().claim(request);
        subject.listener().drain();
        int callers = 40;

        List<Race.Attempt<ConfirmResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().confirm(request.reference(), request.user()), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        assertThat(attempts).extracting(Race.Attempt::value)
                .containsOnly(new ConfirmResult.Confirmed(request.reference(), request.user(), request.seats()));
        List<SeatId> confirmedInEvents = new ArrayList<>();
        subject.listener().events().forEach(event -> {
            assertThat(event.type()).isEqualTo(BookingEvent.Type.CONFIRMED);
            confirmedInEvents.addAll(event.seats());
        });
        assertThat(confirmedInEvents).as("each seat confirmed once, by one of the callers")
                .containsExactlyInAnyOrderElementsOf(request.seats());
        assertThat(subject.seats().listSeats(show)).allSatisfy(state -> {
            assertThat(state.status()).isEqualTo(SeatStatus.BOOKED);
            assertThat(state.version()).as("held, then booked: no undo happened").isEqualTo(2);
        });
    }

    @Test
    void concurrentReleasesOfOneGroupFreeEachSeatOnce() {
        Subject subject = Subject.create(MutableClock.atSomeInstant());
        List<String> numbers = numbers(8);
        ShowId show = showWith(subject, numbers);
        ClaimRequest request = ClaimRequest.book(show, UserId.of("ann"), numbers);
        subject.seats().claim(request);
        subject.listener().drain();
        int callers = 40;

        List<Race.Attempt<ReleaseResult>> attempts = Race.run(callers,
                caller -> () -> subject.seats().release(request.reference(), request.user()), RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        List<SeatId> released = new ArrayList<>();
        for (Race.Attempt<ReleaseResult> attempt : attempts) {
            assertThat(attempt.value()).isInstanceOfAny(ReleaseResult.Released.class,
                    ReleaseResult.NothingToRelease.class);
            if (attempt.value() instanceof ReleaseResult.Released done) {
                released.addAll(done.seats());
            }
        }
        assertThat(released).as("each seat released by exactly one caller").containsExactlyInAnyOrderElementsOf(
                request.seats());
        assertThat(subject.listener().events()).flatMap(BookingEvent::seats)
                .containsExactlyInAnyOrderElementsOf(request.seats());
        assertThat(subject.seats().listSeats(show)).allSatisfy(state -> assertThat(state)
                .isEqualTo(SeatState.empty(state.seat(), 2)));
    }

    @Test
    void aConfirmationCaughtByExpiryBooksItsWholeGroupOrNothing() {
        MutableClock clock = MutableClock.atSomeInstant();
        Subject subject = Subject.create(clock);
        List<String> numbers = numbers(60);
        ShowId show = showWith(subject, numbers);
        int groups = 20;
        List<ClaimRequest> requests = IntStream.range(0, groups).mapToObj(group -> ClaimRequest.hold(show,
                UserId.of("user-" + group), Duration.ofMinutes(1), numbers.subList(3 * group, 3 * group + 3))).toList();
        requests.forEach(request -> assertThat(subject.seats().claim(request)).isInstanceOf(ClaimResult.Claimed.class));
        int callers = groups + 3;

        // racers: one confirmation per group, one thread that ends every hold, two sweepers
        List<Race.Attempt<Object>> attempts = Race.run(callers, caller -> {
            if (caller < groups) {
                return () -> subject.seats().confirm(requests.get(caller).reference(), requests.get(caller).user());
            }
            if (caller == groups) {
                return () -> {
                    clock.advance(Duration.ofMinutes(1));
                    return null;
                };
            }
            return () -> subject.seats().sweepExpiredHolds(5) + subject.seats().sweepExpiredHolds(5);
        }, RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        Map<SeatId, SeatState> stored = new HashMap<>();
        subject.seats().listSeats(show).forEach(state -> stored.put(state.seat(), state));
        for (int group = 0; group < groups; group++) {
            ClaimRequest request = requests.get(group);
            Object answer = attempts.get(group).value();
            assertThat(answer).isInstanceOfAny(ConfirmResult.Confirmed.class, ConfirmResult.Lapsed.class);
            SeatStatus expected = answer instanceof ConfirmResult.Confirmed ? SeatStatus.BOOKED : SeatStatus.EMPTY;
            assertThat(request.seats()).as("group %d answered %s", group, answer)
                    .allSatisfy(seat -> assertThat(stored.get(seat).status()).isEqualTo(expected));
        }
        // whatever the sweepers left is cleared now, each seat once
        subject.seats().sweepExpiredHolds(1000);
        List<SeatId> expired = subject.listener().events().stream()
                .filter(event -> event.type() == BookingEvent.Type.EXPIRED).flatMap(event -> event.seats().stream())
                .toList();
        assertThat(expired).doesNotHaveDuplicates();
        assertThat(new HashSet<>(expired)).isEqualTo(stored.values().stream().filter(SeatState::isEmpty)
                .map(SeatState::seat).collect(java.util.stream.Collectors.toSet()));
    }

    // ---------------------------------------------------------------- sweeps

    @Test
    void concurrentSweepersClearEachExpiredHoldExactlyOnce() {
        MutableClock clock = MutableClock.atSomeInstant();
        Subject subject = Subject.create(clock);
        List<String> numbers = numbers(90);
        List<SeatId> held = new ArrayList<>();
        for (int show = 0; show < 3; show++) {
            ShowId id = showWith(subject, numbers);
            for (int group = 0; group < 30; group++) {
                ClaimRequest request = ClaimRequest.hold(id, UserId.of("user-" + group),
                        Duration.ofSeconds(10 + group), numbers.subList(3 * group, 3 * group + 3));
                subject.seats().claim(request);
                held.addAll(request.seats());
            }
        }
        subject.listener().drain();
        clock.advance(Duration.ofMinutes(1));
        int callers = 8;
        AtomicInteger calls = new AtomicInteger();

        // each sweeper sweeps in small steps until a call finds nothing more
        List<Race.Attempt<Integer>> attempts = Race.run(callers, caller -> () -> {
            int mine = 0;
            int step;
            do {
                step = subject.seats().sweepExpiredHolds(1 + caller % 4);
                calls.incrementAndGet();
                mine += step;
            } while (step > 0);
            return mine;
        }, RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        assertThat(attempts.stream().mapToInt(Race.Attempt::value).sum()).as("cleared in all").isEqualTo(held.size());
        List<BookingEvent> events = subject.listener().events();
        assertThat(events).allSatisfy(event -> assertThat(event.type()).isEqualTo(BookingEvent.Type.EXPIRED));
        assertThat(events).flatMap(BookingEvent::seats).as("one event per seat").hasSize(held.size())
                .containsExactlyInAnyOrderElementsOf(held);
        assertThat(subject.raw().countDocuments(Filters.eq("status", "HELD"))).isZero();
        assertThat(subject.raw().countDocuments(Filters.eq("version", 2L))).as("held once, cleared once")
                .isEqualTo(held.size());
        assertThat(calls.get()).isGreaterThanOrEqualTo(callers);
    }

    // ---------------------------------------------------------------- lapsed holds taken over

    /**
     * Lapsed holds raced for by sweepers, bookings and group claims (whose pending writes may also
     * be undone): each hold is told {@code EXPIRED} exactly once, naming its holder, whether a sweep
     * cleared it or a taker's {@code findOneAndUpdate} replaced it; a claim that compensated tells
     * nothing, and every taker that won is told once.
     */
    @RepeatedTest(3)
    void aLapsedHoldTakenOverOrSweptIsToldExpiredExactlyOnce() {
        MutableClock clock = MutableClock.atSomeInstant();
        Subject subject = Subject.create(clock);
        List<String> numbers = numbers(12);
        ShowId show = showWith(subject, numbers);
        Map<SeatId, ClaimResult.Claimed> holds = new HashMap<>();
        for (int group = 0; group < 4; group++) {
            ClaimResult.Claimed hold = (ClaimResult.Claimed) subject.seats().claim(ClaimRequest.hold(show,
                    UserId.of("holder-" + group), Duration.ofSeconds(10), numbers.subList(3 * group, 3 * group + 3)));
            hold.seats().forEach(seat -> holds.put(seat, hold));
        }
        subject.listener().drain();
        clock.advance(Duration.ofMinutes(1));

        List<Race.Attempt<Object>> attempts = Race.run(24, caller -> {
            Random random = new Random(caller);
            UserId user = UserId.of("taker-" + caller);
            int from = random.nextInt(numbers.size() - 1);
            return switch (caller % 4) {
                case 0 -> () -> subject.seats().sweepExpiredHolds(1 + caller % 3);
                case 1 -> () -> subject.seats().tryBook(show.seat(numbers.get(from)), user);
                default -> () -> subject.seats().claim(ClaimRequest.book(show, user, numbers.subList(from, from + 2)));
            };
        }, RACE_LIMIT);
        subject.seats().sweepExpiredHolds(1000);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        List<BookingEvent> events = subject.listener().events();
        List<BookingEvent> expired = events.stream().filter(event -> event.type() == BookingEvent.Type.EXPIRED).toList();
        assertThat(expired).as("one EXPIRED per lapsed hold, by a sweep or by its taker, never both")
                .containsExactlyInAnyOrderElementsOf(holds.entrySet().stream().map(hold -> new BookingEvent(
                        BookingEvent.Type.EXPIRED, hold.getValue().reference(), hold.getValue().owner(),
                        List.of(hold.getKey()), null)).toList());
        long won = attempts.stream().map(Race.Attempt::value)
                .filter(answer -> answer instanceof BookingResult.Booked || answer instanceof ClaimResult.Claimed).count();
        assertThat(events.stream().filter(event -> event.type() == BookingEvent.Type.BOOKED))
                .as("one BOOKED per taker that won").hasSize((int) won);
    }
}
