package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.history.History;
import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.SeatModel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules of a seat's lifecycle beyond one claim: holds that expire, confirmation, release,
 * all-or-nothing groups, booking references and events. An adapter's test suite extends this class
 * and implements {@link #repository(BookingListener)}; JUnit then runs every rule against it:
 *
 * <pre>{@code
 * class MyStoreLifecycleCompatibilityTest extends SeatLifecycleContract {
 *     @Override
 *     protected SeatRepository repository(BookingListener listener) {
 *         return MySeatRepository.builder(...).listener(listener).build();
 *     }
 * }
 * }</pre>
 *
 * <p>The rules continue the numbering of {@link SeatRepositoryContract} (each test method's name
 * starts with its rule number):
 * <ol start="11">
 *   <li>Exactly one of N concurrent callers wins a hold on one seat; the others get
 *       {@code Unavailable}; the seat is stored held by the winner until the expiry the winner was
 *       told; one {@code HELD} event.</li>
 *   <li>An expired hold counts as free without any sweep: it reads as empty, exactly one of N
 *       callers racing for it wins, and the expired holder's confirmation is {@code Lapsed}.</li>
 *   <li>A confirmation racing the hold's expiry and callers claiming the seat as it expires: exactly
 *       one of them ends up owning the seat, never two, and the store agrees.</li>
 *   <li>A release racing bookings of the same seat, with reads, is linearizable against the
 *       sequential model of a seat: never two owners, no booking lost, no release undone.</li>
 *   <li>Overlapping multi-seat claims (2 to 4 seats from one small block, holds and bookings, N
 *       callers at once): no exception (no deadlock reaches the caller), claimed groups never share
 *       a seat, every acknowledged group is stored whole, and every taken seat belongs to an
 *       acknowledged group, so no partial group is left behind.</li>
 *   <li>The same request retried with the same reference, one after another or concurrently, gets
 *       the same {@code Claimed} and claims once; a confirmation retried gets the same answer; a
 *       reference already naming other seats or another user is {@code ReferenceInUse}.</li>
 *   <li>Releasing or confirming another user's hold or booking is {@code NotYours} and changes
 *       nothing. Users are compared exactly in every operation that compares an owner: for each of
 *       {@code ann}, {@code Ann}, {@code "ann "} and two canonically equivalent spellings of one name,
 *       each of the other four is refused its holds and bookings ({@code Taken} from
 *       {@code tryBook}, {@code NotYours} from {@code confirm} and both {@code release}s,
 *       {@code ReferenceInUse} for its claim retried under its reference), and nothing changes.</li>
 *   <li>The lifecycle in sequence: hold, confirm, release by seat and by reference (the seat is free
 *       at once), release twice, confirm after expiry.</li>
 *   <li>A group with an unavailable or missing seat changes nothing and names exactly those seats.</li>
 *   <li>The listener hears every change, after it is committed (what it reads agrees), never a
 *       change that did not happen, and a listener that throws undoes nothing.</li>
 *   <li>A sweep clears at most its limit: called one call at a time with limit 2 over five expired
 *       holds, each call returns at most 2, clears no more of the show's seats than it returns, and
 *       returns exactly {@code min(limit, expired)} when nobody else sweeps (other shows' expired holds
 *       and other sweepers of a shared store are allowed for). Concurrent sweeps clear each expired
 *       hold exactly once, with one {@code EXPIRED} event per seat, and leave live holds and bookings
 *       alone.</li>
 *   <li>Bad arguments raise {@link IllegalArgumentException} naming the field and write nothing;
 *       references are stored verbatim and compared exactly.</li>
 *   <li value="23">One reference names one claim: of claims racing under one new reference for
 *       different seats (from one barrier, round after round), exactly one wins and the others are
 *       {@code ReferenceInUse}, leaving their seats empty. The reference stays bound to the claim that
 *       won even after its seats were released or its hold lapsed: another claim under it (other
 *       seats, or another user) is {@code ReferenceInUse}, while the same request again claims as
 *       rule 16 says. A refused claim binds nothing.</li>
 *   <li value="24">Every hold that ends unconfirmed is told as exactly one {@code EXPIRED} event
 *       naming its holder and reference, whether a sweep clears it or a {@code tryBook} or claim
 *       takes the lapsed seat over: sweeps and takers racing for lapsed holds never both tell it and
 *       never neither; a taker tells it (after the commit) right before its own event; a sweep after
 *       a takeover tells nothing more.</li>
 *   <li value="25">Failed commits are reported as failures: while the store's {@link StoreFaults} hook
 *       makes writes fail at commit, a race of bookings and one-seat claims (a seat of each caller's
 *       own and a seat shared by four) answers success only for writes that are stored afterwards,
 *       never reports a failure as contention ({@code Taken} or {@code Unavailable} for a seat no
 *       other caller wants, or that nobody else owns afterwards), throws nothing but
 *       {@link dev.booking.core.BookingException}, and, healed, has one owner per seat, who was told
 *       so; every call that threw is repeated after healing and must settle. The hook must have
 *       fired. Not applicable, loudly, without a hook ({@link #faults()}).</li>
 *   <li value="26">Lost acknowledgements are resolved by repeating the call: while the hook lets
 *       writes commit but loses their replies, the same race; every call that threw is repeated
 *       after healing (the same user; the same request, so the same reference, for claims) and
 *       answers {@code AlreadyYours} or the same {@code Claimed} if its write was made, or what the
 *       store shows (free and now booked, or someone else's); no acknowledged booking is missing
 *       and the store agrees with every answer. The hook must have fired. Not applicable, loudly,
 *       without a hook.</li>
 *   <li value="27">A repository that decides batches of claims in order ({@link dev.booking.core.OrderedClaims})
 *       answers each request exactly as the same claims sent one after the other would be answered
 *       (the in-memory reference repository, brought to the same state, says how): won, lost to a
 *       request earlier in the batch, repeated, a reference bound before or within the batch, a
 *       missing seat, a lapsed hold taken over; it stores the same seats and tells the same events
 *       in the same order. Bad batches are rejected naming {@code requests}. With the store's
 *       {@link StoreFaults} hook, a batch whose commit fails throws and leaves nothing of itself, and
 *       one whose reply is lost is stored wholly or not at all. Batches racing single claims for one
 *       block of seats leave one owner per seat, as told, and no exception. Not applicable, loudly,
 *       to a repository that is not {@code OrderedClaims}.</li>
 * </ol>
 *
 * <p>Time: rules that need a hold to expire use {@link TckSettings#shortHold()} and then wait,
 * reading the seat, until the store itself reports it free; they never compare the store's clock
 * with the JVM's. Isolation: every rule works on a show of its own.
 *
 * <p>Thread-safety: the kit calls the repository from many threads at once, as the contract allows.
 */
public abstract class SeatLifecycleContract {

    /** Long enough never to expire during a rule. */
    private static final Duration LONG_HOLD = Duration.ofMinutes(30);

    /** The settings this run uses; read once per test instance. */
    protected final TckSettings settings = TckSettings.fromEnvironment();

    private ShowId show;
    private RecordingListener events;
    private SeatRepository repository;

    /**
     * A repository wired to tell {@code listener} about every change. The kit calls this once per
     * rule, before the rule runs; the repositories may share one store. It must reach a store in
     * which the kit may create seats in shows named {@code tck-*}; the kit never closes it.
     */
    protected abstract SeatRepository repository(BookingListener listener);

    @BeforeEach
    void freshShowAndRepository(TestInfo test) {
        show = RuleShows.forRule(test);
        events = new RecordingListener();
        repository = repository(events);
        events.observe(repository);
    }

    /** The repository of the rule that is running. */
    protected final SeatRepository repository() {
        return repository;
    }

    /** The show of the rule that is running, unique to it. */
    protected final ShowId show() {
        return show;
    }

    @Test
    @DisplayName("Rule 11: exactly one of N concurrent callers wins a hold on a seat")
    void rule11_exactlyOneOfManyConcurrentCallersWinsAHold() {
        List<String> numbers = IntStream.range(0, settings.rounds()).mapToObj(i -> "H" + i).toList();
        repository.addSeats(show, numbers);
        for (String number : numbers) {
            List<Race.Attempt<ClaimResult>> attempts = Race.run(settings.racers(),
                    caller -> () -> repository.claim(ClaimRequest.hold(show, racer(caller), LONG_HOLD, number)),
                    settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions thrown by racers for %s", number).isEmpty();
            List<ClaimResult.Claimed> winners = claimed(Attempts.values(attempts));
            assertThat(winners).as("winners of the hold on %s among %d racers", number, settings.racers()).hasSize(1);
            assertThat(Attempts.values(attempts)).filteredOn(r -> r instanceof ClaimResult.Unavailable)
                    .as("Unavailable answers").hasSize(settings.racers() - 1)
                    .allSatisfy(r -> assertThat(((ClaimResult.Unavailable) r).seats()).containsExactly(show.seat(number)));

            ClaimResult.Claimed winner = winners.get(0);
            assertThat(winner.status()).isEqualTo(SeatStatus.HELD);
            SeatState stored = seat(number);
            assertThat(stored.status()).isEqualTo(SeatStatus.HELD);
            assertThat(stored.owner()).as("stored holder of %s", number).isEqualTo(winner.owner());
            assertThat(stored.reference()).isEqualTo(winner.reference());
            assertThat(stored.holdExpiresAt()).as("stored expiry against the expiry told").isEqualTo(winner.holdExpiresAt());
        }
        assertThat(events.of(show)).as("events").hasSize(numbers.size())
                .allSatisfy(event -> assertThat(event.type()).isEqualTo(BookingEvent.Type.HELD));
    }

    @Test
    @DisplayName("Rule 12: an expired hold is free at once: one new winner, and the old holder cannot confirm")
    void rule12_anExpiredHoldIsFreeForOneNewWinnerAndItsHolderCannotConfirm() {
        repository.addSeats(show, List.of("E1"));
        UserId holder = UserId.of("holder");
        ClaimResult.Claimed hold = claimedOrFail(repository.claim(
                ClaimRequest.hold(show, holder, settings.shortHold(), "E1")));

        SeatState lapsed = awaitFree(show.seat("E1"));
        assertThat(lapsed.owner()).as("owner of an expired hold").isNull();
        assertThat(lapsed.reference()).as("reference of an expired hold").isNull();
        assertThat(lapsed.holdExpiresAt()).isNull();

        // the racers use every way of claiming: tryBook, a booking claim, a hold claim
        List<Race.Attempt<Object>> attempts = Race.run(settings.racers(), caller -> {
            UserId user = racer(caller);
            return switch (caller % 3) {
                case 0 -> () -> repository.tryBook(show.seat("E1"), user);
                case 1 -> () -> repository.claim(ClaimRequest.book(show, user, "E1"));
                default -> () -> repository.claim(ClaimRequest.hold(show, user, LONG_HOLD, "E1"));
            };
        }, settings.timeout());

        assertThat(Attempts.failures(attempts)).as("exceptions thrown by racers").isEmpty();
        List<UserId> winners = new ArrayList<>();
        for (Object result : Attempts.values(attempts)) {
            if (result instanceof BookingResult.Booked booked) {
                winners.add(booked.owner());
            } else if (result instanceof ClaimResult.Claimed claimed) {
                winners.add(claimed.owner());
            } else {
                assertThat(result).isInstanceOfAny(BookingResult.Taken.class, ClaimResult.Unavailable.class);
            }
        }
        assertThat(winners).as("winners of the seat after the hold expired").hasSize(1);
        assertThat(seat("E1").owner()).as("stored owner").isEqualTo(winners.get(0));

        assertThat(repository.confirm(hold.reference(), holder)).as("the expired holder's confirmation")
                .isEqualTo(new ConfirmResult.Lapsed(hold.reference()));
        assertThat(seat("E1").owner()).as("owner after the expired holder's confirmation").isEqualTo(winners.get(0));
    }

    @Test
    @DisplayName("Rule 13: a confirmation racing the hold's expiry and new claimants: exactly one owner")
    void rule13_confirmRacingExpiryNeverLeavesTwoOwners() {
        int claimants = Math.min(settings.racers() - 1, 16);
        long holdNanos = settings.shortHold().toNanos();
        int confirmedRounds = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            String number = "C" + round;
            repository.addSeats(show, List.of(number));
            UserId holder = UserId.of("holder-" + round);
            ClaimResult.Claimed hold = claimedOrFail(repository.claim(
                    ClaimRequest.hold(show, holder, settings.shortHold(), number)));
            long heldAt = System.nanoTime(); // the store decided the expiry before this instant
            // the confirmation lands from well before to well after the expiry, round by round
            long confirmAt = heldAt + holdNanos / 2 + holdNanos * round / Math.max(1, settings.rounds() - 1);
            // a claimant stops only after an attempt that began when the hold had surely expired
            long claimUntil = heldAt + holdNanos * 2 + TimeUnit.MILLISECONDS.toNanos(200);

            List<Race.Attempt<Object>> attempts = Race.run(claimants + 1, caller -> caller == 0
                    ? () -> {
                        sleepUntil(confirmAt);
                        return repository.confirm(hold.reference(), holder);
                    }
                    : () -> claimUntilWonOrPast(ClaimRequest.book(show, racer(caller), number), claimUntil),
                    settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions in round %d", round).isEmpty();
            Object confirmation = attempts.get(0).value();
            assertThat(confirmation).isInstanceOfAny(ConfirmResult.Confirmed.class, ConfirmResult.Lapsed.class);
            boolean confirmed = confirmation instanceof ConfirmResult.Confirmed;
            List<ClaimResult.Claimed> claimed = claimed(Attempts.values(attempts.subList(1, attempts.size())));
            assertThat((confirmed ? 1 : 0) + claimed.size())
                    .as("owners of %s (confirmed by the holder: %s, claimants who won: %s)", number, confirmed, claimed)
                    .isEqualTo(1);
            SeatState stored = seat(number);
            assertThat(stored.status()).isEqualTo(SeatStatus.BOOKED);
            assertThat(stored.owner()).as("stored owner of %s", number)
                    .isEqualTo(confirmed ? holder : claimed.get(0).owner());
            confirmedRounds += confirmed ? 1 : 0;
        }
        // not asserted: which side wins depends on the machine's speed; both are correct
        System.out.printf("rule 13: the holder confirmed in time in %d of %d rounds%n", confirmedRounds,
                settings.rounds());
    }

    @Test
    @DisplayName("Rule 14: releases racing bookings and reads of the same seats are linearizable")
    void rule14_releaseRacingRebookingIsLinearizable() {
        List<String> numbers = List.of("L1", "L2", "L3");
        repository.addSeats(show, numbers);
        Map<SeatId, UserId> firstOwners = new HashMap<>();
        for (String number : numbers) {
            UserId owner = UserId.of("owner-" + number);
            assertThat(repository.tryBook(show.seat(number), owner)).isInstanceOf(BookingResult.Booked.class);
            firstOwners.put(show.seat(number), owner);
        }
        History history = new History();
        int users = Math.max(2, settings.racers() / 4);
        List<Race.Attempt<Object>> attempts = Race.run(settings.racers(), caller -> {
            SeatId seat = show.seat(numbers.get(caller % numbers.size()));
            UserId user = UserId.of("user-" + (caller % users));
            return switch (caller % 8) {
                case 0 -> () -> history.release(repository, seat, firstOwners.get(seat));
                case 1 -> () -> history.release(repository, seat, user); // whoever owns it by then, if it is this user
                case 2 -> () -> history.read(repository, seat);
                default -> () -> history.book(repository, seat, user);
            };
        }, settings.timeout());

        assertThat(Attempts.failures(attempts)).as("exceptions thrown by racers").isEmpty();
        LinearizabilityChecker.Verdict verdict = new LinearizabilityChecker().check(history.operations(),
                seat -> SeatModel.ownedBy(firstOwners.get(seat)));
        assertThat(verdict.linearizable()).as(verdict.describe()).isTrue();
        assertThat(verdict.operations()).isEqualTo(settings.racers());
    }

    @Test
    @DisplayName("Rule 15: overlapping multi-seat claims are all or nothing: no partial group, no shared seat")
    void rule15_overlappingGroupClaimsAreAllOrNothing() {
        int blockSize = 12;
        List<String> block = IntStream.range(0, blockSize).mapToObj(i -> String.format("G%02d", i)).toList();
        // first without a race, so that the check does not depend on how the threads are scheduled:
        // a claim that meets a taken seat after free ones must leave the free ones free
        ShowId calmShow = ShowId.of(show.value() + "-calm");
        repository.addSeats(calmShow, block);
        UserId first = UserId.of("first");
        assertThat(repository.claim(ClaimRequest.book(calmShow, first, "G05"))).isInstanceOf(ClaimResult.Claimed.class);
        ClaimResult blocked = repository.claim(ClaimRequest.book(calmShow, UserId.of("second"), "G03", "G04", "G05"));
        assertThat(blocked).as("a claim of G03-G05 while G05 is booked").isInstanceOf(ClaimResult.Unavailable.class);
        for (SeatState state : repository.listSeats(calmShow)) {
            if (!state.seat().number().equals("G05")) {
                assertThat(state.isEmpty()).as("%s is taken after a claim that failed: a partial group was left"
                        + " behind: %s", state.seat(), state).isTrue();
            }
        }
        for (int round = 0; round < settings.rounds(); round++) {
            ShowId roundShow = ShowId.of(show.value() + "-" + round);
            repository.addSeats(roundShow, block);
            long seed = new Random().nextLong();
            List<ClaimRequest> requests = overlappingRequests(roundShow, block, settings.racers(), seed);

            List<Race.Attempt<ClaimResult>> attempts = Race.run(requests.size(),
                    caller -> () -> repository.claim(requests.get(caller)), settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions (a deadlock must never reach the caller), seed %d", seed)
                    .isEmpty();
            Map<SeatId, ClaimResult.Claimed> groupOfSeat = new HashMap<>();
            for (Race.Attempt<ClaimResult> attempt : attempts) {
                ClaimRequest request = requests.get(attempt.caller());
                ClaimResult result = attempt.value();
                if (result instanceof ClaimResult.Claimed claimed) {
                    assertThat(claimed.seats()).as("seats claimed for %s", request).isEqualTo(request.seats());
                    assertThat(claimed.reference()).isEqualTo(request.reference());
                    for (SeatId seat : claimed.seats()) {
                        ClaimResult.Claimed other = groupOfSeat.put(seat, claimed);
                        assertThat(other).as("another group told it owns %s, seed %d", seat, seed).isNull();
                    }
                } else {
                    assertThat(result).as("answer to %s", request).isInstanceOf(ClaimResult.Unavailable.class);
                    assertThat(request.seats()).as("the unavailable seats are seats of the request")
                            .containsAll(((ClaimResult.Unavailable) result).seats());
                }
            }
            assertThat(groupOfSeat).as("seats won in round %d", round).isNotEmpty();
            List<SeatState> stored = repository.listSeats(roundShow);
            for (SeatState state : stored) {
                if (!groupOfSeat.containsKey(state.seat())) {
                    assertThat(state.isEmpty()).as("%s is taken but is not part of any acknowledged group: a partial"
                            + " group was left behind (seed %d): %s", state.seat(), seed, state).isTrue();
                }
            }
            for (SeatState state : stored) {
                ClaimResult.Claimed group = groupOfSeat.get(state.seat());
                if (group != null) {
                    assertThat(state.owner()).as("owner of %s, acknowledged to %s", state.seat(), group).isEqualTo(group.owner());
                    assertThat(state.reference()).as("reference of %s", state.seat()).isEqualTo(group.reference());
                    assertThat(state.status()).as("status of %s", state.seat()).isEqualTo(group.status());
                }
            }
            assertThat(events.of(roundShow)).as("events of round %d", round)
                    .hasSize((int) groupOfSeat.values().stream().distinct().count());
        }
    }

    @Test
    @DisplayName("Rule 16: the same reference retried gets the same outcome and claims once")
    void rule16_theSameReferenceRetriedGetsTheSameOutcomeAndClaimsOnce() {
        repository.addSeats(show, List.of("A1", "A2", "B1", "B2", "B3", "C1"));
        UserId ann = UserId.of("ann");

        ClaimRequest hold = ClaimRequest.hold(show, ann, LONG_HOLD, "A2", "A1");
        ClaimResult first = repository.claim(hold);
        assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
        List<SeatState> afterFirst = repository.listSeats(show);
        assertThat(repository.claim(hold)).as("the same hold, sent again").isEqualTo(first);
        assertThat(repository.listSeats(show)).as("seats after the repeat").isEqualTo(afterFirst);

        // a client and its retry (or many) arrive together
        ClaimRequest booking = ClaimRequest.book(show, ann, "B1", "B2", "B3");
        int senders = Math.min(settings.racers(), 100);
        List<Race.Attempt<ClaimResult>> attempts = Race.run(senders, caller -> () -> repository.claim(booking),
                settings.timeout());
        assertThat(Attempts.failures(attempts)).as("exceptions").isEmpty();
        List<ClaimResult> answers = Attempts.values(attempts);
        assertThat(answers.get(0)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(answers).as("answers to %d copies of one request", senders).containsOnly(answers.get(0));
        assertThat(booking.seats()).allSatisfy(seat -> assertThat(seat(seat.number()).version())
                .as("changes of %s", seat).isEqualTo(1));

        ClaimResult.Claimed held = (ClaimResult.Claimed) first;
        ConfirmResult confirmed = repository.confirm(held.reference(), ann);
        assertThat(confirmed).isEqualTo(new ConfirmResult.Confirmed(held.reference(), ann, held.seats()));
        assertThat(repository.confirm(held.reference(), ann)).as("the confirmation, sent again").isEqualTo(confirmed);
        assertThat(repository.claim(hold)).as("the hold sent again after its confirmation")
                .isEqualTo(new ClaimResult.Claimed(held.reference(), ann, held.seats(), SeatStatus.BOOKED, null));

        List<SeatState> before = repository.listSeats(show);
        assertThat(repository.claim(ClaimRequest.book(show, ann, "C1").withReference(held.reference())))
                .as("the reference with other seats").isEqualTo(new ClaimResult.ReferenceInUse(held.reference()));
        assertThat(repository.claim(new ClaimRequest(show, hold.seatNumbers(), UserId.of("bob"), held.reference(), LONG_HOLD)))
                .as("the reference for another user").isEqualTo(new ClaimResult.ReferenceInUse(held.reference()));
        assertThat(repository.listSeats(show)).as("seats after the refused reuse").isEqualTo(before);

        assertThat(events.of(show)).extracting(BookingEvent::type).as("events: one per change")
                .containsExactlyInAnyOrder(BookingEvent.Type.HELD, BookingEvent.Type.BOOKED, BookingEvent.Type.CONFIRMED);
    }

    @Test
    @DisplayName("Rule 17: another user's seats, also a look-alike's, cannot be released, confirmed or re-claimed")
    void rule17_notYoursReleaseAndConfirmChangeNothing() {
        repository.addSeats(show, List.of("A1", "A2", "B1"));
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        ClaimResult.Claimed held = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1", "A2")));
        BookingResult.Booked booked = (BookingResult.Booked) repository.tryBook(show.seat("B1"), ann);
        List<SeatState> before = repository.listSeats(show);
        int eventsBefore = events.of(show).size();

        assertThat(repository.release(held.reference(), bob)).isEqualTo(new ReleaseResult.NotYours());
        assertThat(repository.release(show.seat("A1"), bob)).isEqualTo(new ReleaseResult.NotYours());
        assertThat(repository.confirm(held.reference(), bob)).isEqualTo(new ConfirmResult.NotYours(held.reference()));
        assertThat(repository.release(booked.reference(), bob)).isEqualTo(new ReleaseResult.NotYours());
        assertThat(repository.release(show.seat("B1"), bob)).isEqualTo(new ReleaseResult.NotYours());
        assertThat(repository.confirm(booked.reference(), bob)).isEqualTo(new ConfirmResult.NotYours(booked.reference()));

        assertThat(repository.listSeats(show)).as("seats after the attempts of another user").isEqualTo(before);
        assertThat(events.of(show)).as("events").hasSize(eventsBefore);

        lookAlikesCannotActForTheOwner();
    }

    /**
     * Rule 17 for users that differ only in case, a trailing space or the Unicode spelling: each
     * look-alike of an owner is refused as any other user is. Every refusal that fails is collected,
     * so that a failure lists each operation that compared the owner loosely.
     */
    private void lookAlikesCannotActForTheOwner() {
        ShowId lookAlikeShow = ShowId.of(show.value() + "-users");
        List<UserId> owners = LookAlikeUsers.all();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            numbers.addAll(List.of("H" + i, "B" + i));
        }
        repository.addSeats(lookAlikeShow, numbers);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < owners.size(); i++) {
            UserId owner = owners.get(i);
            ClaimRequest holdRequest = ClaimRequest.hold(lookAlikeShow, owner, LONG_HOLD, "H" + i);
            ClaimResult.Claimed held = claimedOrFail(repository.claim(holdRequest));
            BookingResult.Booked booked = (BookingResult.Booked) repository.tryBook(lookAlikeShow.seat("B" + i), owner);
            List<SeatState> before = repository.listSeats(lookAlikeShow);
            int eventsBefore = events.of(lookAlikeShow).size();
            for (UserId other : LookAlikeUsers.besides(owner)) {
                String by = " by " + LookAlikeUsers.shown(other) + " of what " + LookAlikeUsers.shown(owner)
                        + " owns (users are compared exactly: case, trailing spaces and the Unicode spelling count)";
                softly.assertThat(repository.tryBook(held.seats().get(0), other)).as("tryBook of a held seat" + by)
                        .isEqualTo(new BookingResult.Taken(held.seats().get(0)));
                softly.assertThat(repository.confirm(held.reference(), other)).as("confirm" + by)
                        .isEqualTo(new ConfirmResult.NotYours(held.reference()));
                softly.assertThat(repository.claim(new ClaimRequest(lookAlikeShow, holdRequest.seatNumbers(), other,
                        held.reference(), LONG_HOLD))).as("the claim retried under its reference" + by)
                        .isEqualTo(new ClaimResult.ReferenceInUse(held.reference()));
                softly.assertThat(repository.release(held.seats().get(0), other)).as("release by seat of a hold" + by)
                        .isEqualTo(new ReleaseResult.NotYours());
                softly.assertThat(repository.release(held.reference(), other)).as("release by reference of a hold" + by)
                        .isEqualTo(new ReleaseResult.NotYours());
                softly.assertThat(repository.confirm(booked.reference(), other)).as("confirm of a booking" + by)
                        .isEqualTo(new ConfirmResult.NotYours(booked.reference()));
                softly.assertThat(repository.release(booked.seat(), other)).as("release by seat of a booking" + by)
                        .isEqualTo(new ReleaseResult.NotYours());
                softly.assertThat(repository.release(booked.reference(), other)).as("release by reference of a booking" + by)
                        .isEqualTo(new ReleaseResult.NotYours());
                // a loose store may have changed the seats: put them back, so that each look-alike is judged alone
                List<SeatState> now = repository.listSeats(lookAlikeShow);
                softly.assertThat(now).as("seats after the attempts" + by).isEqualTo(before);
                if (!now.equals(before)) {
                    softly.assertAll();
                }
            }
            softly.assertThat(events.of(lookAlikeShow)).as("events after the attempts of the look-alikes of %s",
                    LookAlikeUsers.shown(owner)).hasSize(eventsBefore);
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("Rule 18: hold, confirm, release by seat and by reference, release twice, confirm after expiry")
    void rule18_theLifecycleInSequence() {
        repository.addSeats(show, List.of("A1", "A2", "X1"));
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");

        ClaimResult.Claimed held = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1", "A2")));
        assertThat(held.status()).isEqualTo(SeatStatus.HELD);
        assertThat(held.seats()).containsExactly(show.seat("A1"), show.seat("A2"));
        for (String number : List.of("A1", "A2")) {
            assertThat(seat(number)).as("%s while held", number)
                    .isEqualTo(new SeatState(show.seat(number), SeatStatus.HELD, ann, held.reference(), held.holdExpiresAt(), 1));
        }
        assertThat(repository.tryBook(show.seat("A1"), bob)).isEqualTo(new BookingResult.Taken(show.seat("A1")));
        assertThat(repository.claim(ClaimRequest.hold(show, bob, LONG_HOLD, "A2")))
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A2"))));
        assertThat(repository.tryBook(show.seat("A1"), ann)).as("the holder booking its held seat")
                .isEqualTo(new BookingResult.AlreadyYours(show.seat("A1"), ann, held.reference()));

        assertThat(repository.confirm(held.reference(), ann))
                .isEqualTo(new ConfirmResult.Confirmed(held.reference(), ann, held.seats()));
        assertThat(seat("A1")).isEqualTo(new SeatState(show.seat("A1"), SeatStatus.BOOKED, ann, held.reference(), null, 2));

        assertThat(repository.release(show.seat("A1"), ann))
                .isEqualTo(new ReleaseResult.Released(held.reference(), ann, List.of(show.seat("A1"))));
        assertThat(seat("A1")).as("A1 after its release").isEqualTo(SeatState.empty(show.seat("A1"), 3));
        assertThat(repository.tryBook(show.seat("A1"), bob)).as("booking A1 right after its release")
                .isInstanceOf(BookingResult.Booked.class);
        assertThat(seat("A2").owner()).as("the rest of the group").isEqualTo(ann);

        assertThat(repository.release(held.reference(), ann))
                .isEqualTo(new ReleaseResult.Released(held.reference(), ann, List.of(show.seat("A2"))));
        assertThat(seat("A2").isEmpty()).isTrue();
        assertThat(repository.release(held.reference(), ann)).as("releasing twice").isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(repository.release(show.seat("A2"), ann)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(repository.release(show.seat("nowhere"), ann)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(repository.confirm(held.reference(), ann)).as("confirming a released group")
                .isEqualTo(new ConfirmResult.Lapsed(held.reference()));

        ClaimResult.Claimed brief = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), "X1")));
        SeatState lapsed = awaitFree(show.seat("X1"));
        assertThat(repository.confirm(brief.reference(), ann)).as("confirming after the expiry")
                .isEqualTo(new ConfirmResult.Lapsed(brief.reference()));
        assertThat(repository.release(brief.reference(), ann)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(repository.release(show.seat("X1"), ann)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(seat("X1")).as("X1 after the late confirmation and releases").isEqualTo(lapsed);
        assertThat(repository.confirm(BookingReference.generate(), ann)).isInstanceOf(ConfirmResult.Lapsed.class);
    }

    @Test
    @DisplayName("Rule 19: a group with an unavailable or missing seat changes nothing and names those seats")
    void rule19_aGroupWithAnUnavailableOrMissingSeatChangesNothing() {
        repository.addSeats(show, List.of("A1", "A2", "A3", "A4"));
        UserId ann = UserId.of("ann");
        assertThat(repository.tryBook(show.seat("A3"), UserId.of("bob"))).isInstanceOf(BookingResult.Booked.class);
        List<SeatState> before = repository.listSeats(show);

        assertThat(repository.claim(ClaimRequest.book(show, ann, "A1", "A2", "A3", "A4")))
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A3"))));
        assertThat(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A4", "A3", "A2")))
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A3"))));
        assertThat(repository.claim(ClaimRequest.book(show, ann, "A1", "A9")))
                .isEqualTo(new ClaimResult.NoSuchSeats(List.of(show.seat("A9"))));
        assertThat(repository.listSeats(show)).as("seats after the refused groups").isEqualTo(before);
        assertThat(repository.findSeat(show.seat("A9"))).as("the missing seat").isEmpty();

        ClaimResult.Claimed own = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1")));
        assertThat(repository.claim(ClaimRequest.book(show, ann, "A1", "A2")))
                .as("a seat the same user holds under another reference")
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A1"))));
        assertThat(seat("A2").isEmpty()).isTrue();
        assertThat(seat("A1").reference()).isEqualTo(own.reference());
    }

    @Test
    @DisplayName("Rule 20: the listener hears every committed change, only those, and cannot undo them")
    void rule20_theListenerHearsCommittedChangesOnlyAndCannotUndoThem() {
        repository.addSeats(show, List.of("A1", "A2", "B1", "C1"));
        UserId ann = UserId.of("ann");
        events.readBackWhileTold();

        ClaimResult.Claimed held = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "A1", "A2")));
        repository.confirm(held.reference(), ann);
        repository.release(show.seat("A1"), ann);
        BookingResult.Booked booked = (BookingResult.Booked) repository.tryBook(show.seat("B1"), ann);
        repository.release(booked.reference(), ann);
        // none of these changes anything, so none may be heard
        repository.tryBook(show.seat("A2"), UserId.of("bob"));
        repository.claim(ClaimRequest.book(show, UserId.of("bob"), "A2", "B1"));
        repository.release(show.seat("A2"), UserId.of("bob"));
        repository.confirm(held.reference(), UserId.of("bob"));
        repository.release(booked.reference(), ann);

        assertThat(events.problems()).as("what the listener read while it was told (it must see the change"
                + " committed)").isEmpty();
        List<SeatId> a1 = List.of(show.seat("A1"));
        List<SeatId> b1 = List.of(show.seat("B1"));
        assertThat(events.of(show)).containsExactly(
                new BookingEvent(BookingEvent.Type.HELD, held.reference(), ann, held.seats(), held.holdExpiresAt()),
                new BookingEvent(BookingEvent.Type.CONFIRMED, held.reference(), ann, held.seats(), null),
                new BookingEvent(BookingEvent.Type.RELEASED, held.reference(), ann, a1, null),
                new BookingEvent(BookingEvent.Type.BOOKED, booked.reference(), ann, b1, null),
                new BookingEvent(BookingEvent.Type.RELEASED, booked.reference(), ann, b1, null));

        events.failWith(new IllegalStateException("a listener that fails on purpose"));
        ClaimResult claimedDespite = repository.claim(ClaimRequest.book(show, ann, "C1"));
        assertThat(claimedDespite).as("a claim whose listener throws").isInstanceOf(ClaimResult.Claimed.class);
        assertThat(seat("C1").owner()).as("owner of the seat after the listener threw").isEqualTo(ann);
        assertThat(repository.release(show.seat("C1"), ann)).isInstanceOf(ReleaseResult.Released.class);
        assertThat(seat("C1").isEmpty()).isTrue();
    }

    @Test
    @DisplayName("Rule 21: a sweep clears up to its limit; concurrent sweeps clear each expired hold once")
    void rule21_concurrentSweepsClearEachExpiredHoldOnce() {
        sweepsClearUpToTheirLimit();

        List<String> brief = List.of("S1", "S2", "S3", "S4", "S5");
        repository.addSeats(show, brief);
        repository.addSeats(show, List.of("LIVE", "BOOKED"));
        UserId ann = UserId.of("ann");
        ClaimResult.Claimed expiring = claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), brief)));
        claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, "LIVE")));
        assertThat(repository.tryBook(show.seat("BOOKED"), ann)).isInstanceOf(BookingResult.Booked.class);
        SeatState live = seat("LIVE");
        SeatState booked = seat("BOOKED");
        brief.forEach(number -> awaitFree(show.seat(number)));

        int sweepers = Math.min(settings.racers(), 4);
        List<Race.Attempt<Integer>> attempts = Race.run(sweepers, caller -> () -> {
            int cleared = 0;
            int batch;
            do {
                batch = repository.sweepExpiredHolds(2);
                cleared += batch;
            } while (batch == 2);
            return cleared;
        }, settings.timeout());

        assertThat(Attempts.failures(attempts)).as("exceptions thrown by sweepers").isEmpty();
        List<BookingEvent> expired = events.of(show).stream().filter(e -> e.type() == BookingEvent.Type.EXPIRED).toList();
        assertThat(expired).as("EXPIRED events: one per expired seat").hasSize(brief.size());
        assertThat(expired).extracting(e -> e.seats().get(0)).containsExactlyInAnyOrderElementsOf(expiring.seats());
        assertThat(expired).allSatisfy(e -> {
            assertThat(e.owner()).isEqualTo(ann);
            assertThat(e.reference()).isEqualTo(expiring.reference());
        });
        assertThat(Attempts.values(attempts).stream().mapToInt(Integer::intValue).sum())
                .as("seats cleared, counted by the sweepers (other shows' expired holds may add to it)")
                .isGreaterThanOrEqualTo(brief.size());
        for (String number : brief) {
            assertThat(seat(number).isEmpty()).as("%s after the sweep", number).isTrue();
        }
        assertThat(seat("LIVE")).as("a live hold after the sweep").isEqualTo(live);
        assertThat(seat("BOOKED")).as("a booking after the sweep").isEqualTo(booked);
    }

    /**
     * Rule 21, one call at a time: five expired holds of a show of their own, swept with limit 2
     * until all are cleared. Other shows' expired holds may share the store, and other processes may
     * sweep it, so the kit counts only this show's seats: a seat counts as cleared by someone once its
     * version moved past the hold's, and as cleared by this rule's call if its {@code EXPIRED} event was
     * heard during the call (the listener is told on the calling thread). Then every call returns at
     * most its limit, clears no more of this show's seats than it returns, and returns at least
     * {@code min(limit, this show's holds not yet cleared by anyone)}, less the holds that others
     * cleared: exactly {@code min(limit, expired)} when nobody else sweeps.
     */
    private void sweepsClearUpToTheirLimit() {
        int limit = 2;
        ShowId limitShow = ShowId.of(show.value() + "-limit");
        List<String> numbers = List.of("Q1", "Q2", "Q3", "Q4", "Q5");
        repository.addSeats(limitShow, numbers);
        claimedOrFail(repository.claim(ClaimRequest.hold(limitShow, UserId.of("ann"), settings.shortHold(), numbers)));
        Map<SeatId, Long> heldVersions = new HashMap<>();
        repository.listSeats(limitShow).forEach(state -> heldVersions.put(state.seat(), state.version()));
        numbers.forEach(number -> awaitFree(limitShow.seat(number)));

        record Call(int expiredBefore, int returned, int heard) {
        }
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i <= numbers.size() && uncleared(limitShow, heldVersions) > 0; i++) {
            int expiredBefore = uncleared(limitShow, heldVersions);
            int heardBefore = expiredEvents(limitShow).size();
            int returned = repository.sweepExpiredHolds(limit);
            int heard = expiredEvents(limitShow).size() - heardBefore;
            assertThat(returned).as("the seats one sweepExpiredHolds(%d) call cleared, by its answer: at most the limit",
                    limit).isBetween(0, limit);
            assertThat(heard).as("this show's holds cleared by one sweepExpiredHolds(%d) call (EXPIRED events told)"
                    + " against its answer %d", limit, returned).isLessThanOrEqualTo(returned);
            calls.add(new Call(expiredBefore, returned, heard));
        }
        int heardTotal = calls.stream().mapToInt(Call::heard).sum();
        int clearedByOthers = numbers.size() - uncleared(limitShow, heldVersions) - heardTotal;
        for (Call call : calls) {
            assertThat(call.returned()).as("a sweepExpiredHolds(%d) call with %d of this show's holds expired and not"
                    + " yet cleared (%d cleared by other sweepers meanwhile) must clear min(limit, expired holds);"
                    + " calls: %s", limit, call.expiredBefore(), clearedByOthers, calls)
                    .isGreaterThanOrEqualTo(Math.min(limit, call.expiredBefore() - clearedByOthers));
        }
        assertThat(uncleared(limitShow, heldVersions)).as("this show's expired holds left after %d calls: %s",
                calls.size(), calls).isZero();
        assertThat(expiredEvents(limitShow)).as("EXPIRED events of the show swept one call at a time")
                .hasSize(heardTotal).extracting(e -> e.seats().get(0)).doesNotHaveDuplicates();
    }

    /** How many of {@code heldVersions}' seats no sweep has cleared yet: their version is still the hold's. */
    private int uncleared(ShowId show, Map<SeatId, Long> heldVersions) {
        return (int) repository.listSeats(show).stream()
                .filter(state -> state.version() == heldVersions.get(state.seat()))
                .count();
    }

    private List<BookingEvent> expiredEvents(ShowId show) {
        return events.of(show).stream().filter(e -> e.type() == BookingEvent.Type.EXPIRED).toList();
    }

    @Test
    @DisplayName("Rule 22: bad arguments are rejected naming the field; references are kept verbatim and exact")
    void rule22_badArgumentsAreRejectedAndReferencesAreExact() {
        repository.addSeats(show, List.of("A1", "A2", "A3", "A4"));
        UserId ann = UserId.of("ann");
        List<SeatState> before = repository.listSeats(show);
        BookingReference some = BookingReference.generate();

        assertThatIllegalArgumentException().isThrownBy(() -> repository.claim(null)).withMessageContaining("request");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.confirm(null, ann)).withMessageContaining("reference");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.confirm(some, null)).withMessageContaining("user");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.release((BookingReference) null, ann))
                .withMessageContaining("reference");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.release((SeatId) null, ann))
                .withMessageContaining("seat");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.release(show.seat("A1"), null))
                .withMessageContaining("user");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.hold(show.seat("A1"), ann, Duration.ZERO))
                .withMessageContaining("holdFor");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.sweepExpiredHolds(0)).withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> repository.sweepExpiredHolds(Integer.MAX_VALUE))
                .withMessageContaining("limit");
        assertThat(repository.listSeats(show)).as("seats after rejected calls").isEqualTo(before);
        assertThat(events.of(show)).as("events after rejected calls").isEmpty();

        List<String> hostile = List.of("'; DROP TABLE booking_seat; --", "{\"$gt\": \"\"}", "Order-1", "\u00dcn\u00efc\u00f8d\u00e9 \uD83C\uDF9F");
        for (int i = 0; i < hostile.size(); i++) {
            BookingReference reference = BookingReference.of(hostile.get(i));
            String number = "A" + (i + 1);
            assertThat(repository.claim(ClaimRequest.hold(show, ann, LONG_HOLD, number).withReference(reference)))
                    .as("hold under %s", reference).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(seat(number).reference()).as("stored reference").isEqualTo(reference);
        }
        BookingReference order = BookingReference.of("Order-1");
        assertThat(repository.confirm(BookingReference.of("order-1"), ann)).as("another case").isInstanceOf(ConfirmResult.Lapsed.class);
        assertThat(repository.confirm(BookingReference.of("Order-1 "), ann)).as("a trailing space").isInstanceOf(ConfirmResult.Lapsed.class);
        assertThat(repository.release(BookingReference.of("Order-%"), ann)).as("a LIKE pattern")
                .isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(repository.confirm(order, ann)).isEqualTo(new ConfirmResult.Confirmed(order, ann, List.of(show.seat("A3"))));
        for (String value : hostile) {
            assertThat(repository.release(BookingReference.of(value), ann)).as("release of %s", value)
                    .isInstanceOf(ReleaseResult.Released.class);
        }
        assertThat(repository.listSeats(show)).allSatisfy(state -> assertThat(state.isEmpty()).isTrue());
    }

    /**
     * Rule 23: a reference names exactly one claim (issue 13, finding 4). Whatever is keyed by a
     * reference, a notification or a ticket, must never mix two claims, so the first claim that
     * succeeds binds the reference for good; racing claims of different seats under one reference
     * are what a store without a constraint on references lets through.
     */
    @Test
    @DisplayName("Rule 23: one reference names one claim, in a race and after release or lapse")
    void rule23_oneReferenceNamesOneClaim() {
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        int rounds = Math.min(settings.rounds(), 5);
        int racers = Math.min(settings.racers(), 4);
        for (int round = 0; round < rounds; round++) {
            String prefix = "R" + round + "-";
            List<String> numbers = IntStream.range(0, racers).mapToObj(i -> prefix + i).toList();
            repository.addSeats(show, numbers);
            BookingReference shared = BookingReference.of(show.value() + "-race-" + round);
            List<Race.Attempt<ClaimResult>> attempts = Race.run(racers, caller -> () -> repository.claim(
                    ClaimRequest.hold(show, racer(caller), LONG_HOLD, numbers.get(caller)).withReference(shared)),
                    settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions thrown by racers, round %d", round).isEmpty();
            List<ClaimResult.Claimed> winners = claimed(Attempts.values(attempts));
            assertThat(winners).as("claims of different seats that won under the one reference %s, round %d",
                    shared, round).hasSize(1);
            assertThat(Attempts.values(attempts)).filteredOn(result -> !result.isSuccess())
                    .as("answers to the claims that lost the reference, round %d", round)
                    .containsOnly(new ClaimResult.ReferenceInUse(shared));
            ClaimResult.Claimed winner = winners.get(0);
            for (SeatState state : repository.listSeats(show)) {
                if (state.seat().number().startsWith(prefix)) {
                    boolean won = winner.seats().contains(state.seat());
                    assertThat(state.isEmpty()).as("%s after round %d, won by %s: %s", state.seat(), round,
                            winner.seats(), state).isEqualTo(!won);
                }
            }
        }

        repository.addSeats(show, List.of("S1", "S2", "S3", "S4"));
        BookingReference order = BookingReference.of(show.value() + "-order");
        ClaimRequest first = ClaimRequest.hold(show, ann, LONG_HOLD, "S1").withReference(order);
        claimedOrFail(repository.claim(first));
        assertThat(repository.release(order, ann)).as("release of the first claim").isInstanceOf(ReleaseResult.Released.class);
        assertThat(repository.claim(ClaimRequest.book(show, ann, "S2").withReference(order)))
                .as("other seats under a reference whose seats were released")
                .isEqualTo(new ClaimResult.ReferenceInUse(order));
        assertThat(repository.claim(ClaimRequest.book(show, bob, "S1").withReference(order)))
                .as("another user under a reference whose seats were released")
                .isEqualTo(new ClaimResult.ReferenceInUse(order));
        assertThat(repository.listSeats(show)).filteredOn(state -> state.seat().number().startsWith("S"))
                .as("seats after the refused reuse").allSatisfy(state -> assertThat(state.isEmpty()).isTrue());
        ClaimResult.Claimed again = claimedOrFail(repository.claim(first));
        assertThat(again.seats()).as("the same request sent again after the release claims again (rule 16)")
                .containsExactly(show.seat("S1"));
        assertThat(again.owner()).isEqualTo(ann);

        BookingReference lapsing = BookingReference.of(show.value() + "-lapsing");
        claimedOrFail(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), "S2").withReference(lapsing)));
        awaitFree(show.seat("S2"));
        assertThat(repository.claim(ClaimRequest.book(show, ann, "S3").withReference(lapsing)))
                .as("other seats under a reference whose hold lapsed").isEqualTo(new ClaimResult.ReferenceInUse(lapsing));
        assertThat(seat("S3").isEmpty()).as("S3 after the refused reuse").isTrue();

        BookingReference refused = BookingReference.of(show.value() + "-refused");
        assertThat(repository.claim(ClaimRequest.book(show, bob, "S1").withReference(refused)))
                .as("a claim of a seat that is ann's").isInstanceOf(ClaimResult.Unavailable.class);
        assertThat(repository.claim(ClaimRequest.book(show, bob, "S4").withReference(refused)))
                .as("other seats under the reference of a refused claim, which bound nothing")
                .isInstanceOf(ClaimResult.Claimed.class);
    }

    // ---------------------------------------------------------------- helpers

    private static UserId racer(int caller) {
        return UserId.of("racer-" + caller);
    }

    private SeatState seat(String number) {
        return repository.findSeat(show.seat(number)).orElseThrow(() -> new AssertionError("seat " + number + " is missing"));
    }

    private static ClaimResult.Claimed claimedOrFail(ClaimResult result) {
        assertThat(result).as("a claim that must succeed").isInstanceOf(ClaimResult.Claimed.class);
        return (ClaimResult.Claimed) result;
    }

    private static List<ClaimResult.Claimed> claimed(List<?> results) {
        return results.stream().filter(r -> r instanceof ClaimResult.Claimed).map(r -> (ClaimResult.Claimed) r).toList();
    }

    /**
     * Reads the seat until the store reports it free (its hold expired): within twenty times the
     * hold plus ten seconds, which no working store under load needs, or the race timeout if shorter.
     */
    private SeatState awaitFree(SeatId seat) {
        Duration patience = settings.shortHold().multipliedBy(20).plusSeconds(10);
        Duration limit = patience.compareTo(settings.timeout()) < 0 ? patience : settings.timeout();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            SeatState state = repository.findSeat(seat).orElseThrow(() -> new AssertionError(seat + " is missing"));
            if (state.isEmpty()) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hold on " + seat + " did not expire within " + limit
                        + " although it was for " + settings.shortHold() + ": " + state);
            }
            sleepMillis(20);
        }
    }

    /** Claims until it wins, or until an attempt that began after {@code until} has lost. */
    private ClaimResult claimUntilWonOrPast(ClaimRequest request, long until) {
        while (true) {
            long began = System.nanoTime();
            ClaimResult result = repository.claim(request);
            if (result instanceof ClaimResult.Claimed || began > until) {
                return result;
            }
            sleepMillis(2);
        }
    }

    /**
     * Requests of 2 to 4 adjacent seats of {@code block}, half of them holds, each with its own
     * reference, drawn from {@code seed} so that a failure can be replayed.
     */
    private static List<ClaimRequest> overlappingRequests(ShowId show, List<String> block, int count, long seed) {
        Random random = new Random(seed);
        List<ClaimRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int size = 2 + random.nextInt(3);
            int from = random.nextInt(block.size() - size + 1);
            List<String> seats = new ArrayList<>(block.subList(from, from + size));
            Collections.shuffle(seats, random); // the repository must sort, not the caller
            UserId user = UserId.of("family-" + i);
            requests.add(i % 2 == 0 ? ClaimRequest.book(show, user, seats) : ClaimRequest.hold(show, user, LONG_HOLD, seats));
        }
        return requests;
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            sleepMillis(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Records every event and, once asked to, reads each seat of the event back through the
     * repository while it is told: a listener called before the commit would read the old state.
     */
    private static final class RecordingListener implements BookingListener {

        private final List<BookingEvent> heard = new CopyOnWriteArrayList<>();
        private final List<Told> told = new CopyOnWriteArrayList<>();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private volatile SeatRepository repository;
        private volatile boolean readBack;
        private volatile RuntimeException failure;

        void observe(SeatRepository repository) {
            this.repository = repository;
        }

        /** Only for rules whose calls are sequential: in a race a later change may already follow. */
        void readBackWhileTold() {
            this.readBack = true;
        }

        /** Ends {@link #readBackWhileTold()}, before a rule turns to racing calls. */
        void stopReadingBack() {
            this.readBack = false;
        }

        void failWith(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void onEvent(BookingEvent event) {
            heard.add(event);
            told.add(new Told(event, Thread.currentThread()));
            SeatRepository reader = repository;
            if (readBack && reader != null) {
                for (SeatId seat : event.seats()) {
                    Optional<SeatState> state = reader.findSeat(seat);
                    if (!agrees(event, state)) {
                        problems.add(event.type() + " of " + seat + " was told while the seat read " + state);
                    }
                }
            }
            RuntimeException toThrow = failure;
            if (toThrow != null) {
                throw toThrow;
            }
        }

        /** Whether the seat reads as the event says it now is. */
        private static boolean agrees(BookingEvent event, Optional<SeatState> state) {
            if (state.isEmpty()) {
                return false;
            }
            SeatState seat = state.get();
            return switch (event.type()) {
                case HELD -> seat.status() == SeatStatus.HELD && event.reference().equals(seat.reference());
                case BOOKED, CONFIRMED -> seat.status() == SeatStatus.BOOKED && event.reference().equals(seat.reference());
                case RELEASED -> seat.isEmpty();
                // the hold is gone: swept (empty), or taken over by the change told right after this one
                case EXPIRED -> !event.reference().equals(seat.reference());
            };
        }

        List<BookingEvent> of(ShowId show) {
            return heard.stream().filter(event -> event.seats().get(0).show().equals(show)).toList();
        }

        /** The events of {@code show} in the order told, each with the thread that told it. */
        List<Told> toldOf(ShowId show) {
            return told.stream().filter(entry -> entry.event().seats().get(0).show().equals(show)).toList();
        }

        List<String> problems() {
            return List.copyOf(problems);
        }
    }

    /** One event as the listener was told it, and the thread that told it. */
    private record Told(BookingEvent event, Thread by) {
    }

    // Issue 13, finding 3: kept at the end of the class, apart from the rules being renumbered elsewhere.

    /**
     * Rule 14b: a few callers, each making a hundred calls that mix bookings, releases and reads on
     * one to three seats among two to four users, are linearizable, seat by seat. Rule 14's one call
     * per caller on a crowd of users rarely has a read see a release and the same seat booked again
     * right after; a few busy callers on few seats do that all the time, which is how a wrapper that
     * answers from a remembered owner (a cache, a waiting room) is caught answering {@code Taken}
     * after a read saw the seat empty. Deterministic per {@link TckSettings#seed()}, except for the
     * interleaving.
     */
    @Test
    @DisplayName("Rule 14b: few callers mixing bookings, releases and reads on few seats and users are linearizable")
    void rule14b_fewCallersMixingBookingsReleasesAndReadsAreLinearizable() {
        Random rounds = new Random(settings.seed());
        for (int round = 0; round < settings.rounds(); round++) {
            int seatCount = 1 + rounds.nextInt(3);
            int userCount = 2 + rounds.nextInt(3);
            String prefix = "M" + round + "-";
            List<String> numbers = IntStream.range(0, seatCount).mapToObj(i -> prefix + i).toList();
            repository.addSeats(show, numbers);
            long roundSeed = rounds.nextLong();
            History history = new History();
            List<Race.Attempt<Object>> attempts = Race.run(4, caller -> () -> {
                Random random = new Random(roundSeed + caller);
                for (int i = 0; i < 100; i++) {
                    SeatId seat = show.seat(numbers.get(random.nextInt(seatCount)));
                    UserId user = UserId.of("user-" + random.nextInt(userCount));
                    switch (random.nextInt(4)) {
                        case 0 -> history.release(repository, seat, user);
                        case 1 -> history.read(repository, seat);
                        default -> history.book(repository, seat, user);
                    }
                }
                return null;
            }, settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions thrown by callers").isEmpty();
            LinearizabilityChecker.Verdict verdict = new LinearizabilityChecker().check(history.operations(),
                    seat -> SeatModel.EMPTY);
            assertThat(verdict.linearizable())
                    .as("round %d, seed %d (booking.tck.seed replays the calls): %s", round, settings.seed(),
                            verdict.describe())
                    .isTrue();
        }
    }

    // Issue 13, finding 5: kept at the end of the class, apart from the rules being added elsewhere.

    /**
     * Rule 24: every hold that ends unconfirmed is told as exactly one {@code EXPIRED} event, whether
     * a sweep clears it or a booking or claim takes the lapsed seat over; otherwise "your hold
     * expired" could never be sent for a hold somebody else took. In sequence: a lapsed hold booked
     * by someone else, and two seats of a lapsed group taken over by one claim, are told as
     * {@code EXPIRED} right before the taker's own event, and read back as committed. Then sweepers,
     * bookings and group claims race (one gate) for six lapsed holds, and a last sweep clears what
     * nobody took: each hold is told expired exactly once, never by both the sweep and its taker,
     * never by neither, and never again for the seats taken in sequence. In the race the order is
     * checked only where one thread told both events: a sweeper may tell its {@code EXPIRED} after
     * the next owner of the seat was told, which is why the taker's own order is the rule. Like
     * rule 21's exact counts, it expects no sweeper outside the kit on a shared store while it runs:
     * such a sweeper would tell its own listener, not the kit's.
     */
    @Test
    @DisplayName("Rule 24: every hold that ends unconfirmed is told EXPIRED exactly once, swept or taken over")
    void rule24_everyUnconfirmedHoldEndsWithExactlyOneExpiredEvent() {
        List<String> sequential = List.of("T1", "T2", "T3");
        List<String> raced = IntStream.range(0, 6).mapToObj(i -> "X" + i).toList();
        repository.addSeats(show, sequential);
        repository.addSeats(show, raced);
        UserId ann = UserId.of("ann");
        ClaimResult.Claimed group = claimedOrFail(repository.claim(
                ClaimRequest.hold(show, ann, settings.shortHold(), sequential)));
        Map<SeatId, ClaimResult.Claimed> holds = new HashMap<>();
        for (String number : raced) {
            holds.put(show.seat(number), claimedOrFail(repository.claim(
                    ClaimRequest.hold(show, UserId.of("holder-" + number), settings.shortHold(), number))));
        }
        sequential.forEach(number -> awaitFree(show.seat(number)));
        raced.forEach(number -> awaitFree(show.seat(number)));

        events.readBackWhileTold();
        UserId bob = UserId.of("bob");
        UserId carol = UserId.of("carol");
        BookingResult booked = repository.tryBook(show.seat("T1"), bob);
        assertThat(booked).as("booking a seat whose hold lapsed").isInstanceOf(BookingResult.Booked.class);
        ClaimResult.Claimed takeover = claimedOrFail(repository.claim(ClaimRequest.hold(show, carol, LONG_HOLD, "T2", "T3")));
        events.stopReadingBack();
        assertThat(events.problems()).as("what the listener read while told of the takeovers (committed)").isEmpty();

        List<Race.Attempt<Object>> attempts = Race.run(6, caller -> () -> {
            UserId user = racer(caller);
            for (int i = 0; i < raced.size(); i++) {
                String number = raced.get((i + caller) % raced.size());
                String next = raced.get((i + caller + 1) % raced.size());
                switch (caller % 3) {
                    case 0 -> repository.sweepExpiredHolds(1);
                    case 1 -> repository.tryBook(show.seat(number), user);
                    default -> repository.claim(caller == 2 ? ClaimRequest.book(show, user, number, next)
                            : ClaimRequest.hold(show, user, LONG_HOLD, number, next));
                }
            }
            return null;
        }, settings.timeout());
        assertThat(Attempts.failures(attempts)).as("exceptions thrown by sweepers and takers").isEmpty();
        while (repository.sweepExpiredHolds(SeatRepository.MAX_SWEEP_LIMIT) == SeatRepository.MAX_SWEEP_LIMIT) {
            // clears the holds nobody took (and any other show's), each the sweep's to tell
        }

        List<SeatId> t1 = List.of(show.seat("T1"));
        assertThat(events.of(show).stream().filter(event -> sequential.contains(event.seats().get(0).number())))
                .as("events of the lapsed group: each takeover tells the old holder first, the sweeps tell nothing more")
                .containsExactly(
                        new BookingEvent(BookingEvent.Type.HELD, group.reference(), ann, group.seats(), group.holdExpiresAt()),
                        new BookingEvent(BookingEvent.Type.EXPIRED, group.reference(), ann, t1, null),
                        new BookingEvent(BookingEvent.Type.BOOKED, ((BookingResult.Booked) booked).reference(), bob, t1, null),
                        new BookingEvent(BookingEvent.Type.EXPIRED, group.reference(), ann, List.of(show.seat("T2")), null),
                        new BookingEvent(BookingEvent.Type.EXPIRED, group.reference(), ann, List.of(show.seat("T3")), null),
                        new BookingEvent(BookingEvent.Type.HELD, takeover.reference(), carol, takeover.seats(),
                                takeover.holdExpiresAt()));

        List<Told> told = events.toldOf(show);
        for (String number : raced) {
            SeatId seat = show.seat(number);
            ClaimResult.Claimed hold = holds.get(seat);
            List<Told> expired = told.stream().filter(entry -> entry.event().type() == BookingEvent.Type.EXPIRED
                    && entry.event().seats().contains(seat)).toList();
            assertThat(expired).extracting(Told::event)
                    .as("EXPIRED events of the lapsed hold on %s, swept or taken over by racers", number)
                    .containsExactly(new BookingEvent(BookingEvent.Type.EXPIRED, hold.reference(), hold.owner(),
                            List.of(seat), null));
            Thread teller = expired.get(0).by();
            int toldAt = told.indexOf(expired.get(0));
            for (int at = 0; at < told.size(); at++) {
                BookingEvent event = told.get(at).event();
                boolean taker = (event.type() == BookingEvent.Type.BOOKED || event.type() == BookingEvent.Type.HELD)
                        && event.seats().contains(seat) && !event.reference().equals(hold.reference());
                if (taker && told.get(at).by() == teller) {
                    assertThat(toldAt).as("the taker of %s told its EXPIRED (#%d) before its own %s (#%d)", number,
                            toldAt, event.type(), at).isLessThan(at);
                }
            }
        }
    }

    // Issue 13, finding 2: faults inside the kit, kept at the end of the class.

    /**
     * The store's fault hook, for rules 25 and 26; empty by default, which reports those rules as
     * not applicable (on stderr as well as to JUnit). An adapter whose test can make its store fail
     * overrides this, for instance with a data source or client wrapper that asks a
     * {@link CountdownFaults} at each write. The kit arms faults only during those rules and heals the hook before
     * it reads the store; the hook may be shared by every repository the suite builds.
     *
     * @return the hook, or empty if this store has none
     */
    protected Optional<StoreFaults> faults() {
        return Optional.empty();
    }

    /**
     * Rule 25: while commits fail, every success answered is stored and no failure is reported as
     * an answer; see {@link StoreFaultRules}.
     */
    @Test
    @DisplayName("Rule 25: while commits fail, no failure is answered as success or contention, and no acknowledged write is missing")
    void rule25_failedCommitsAreReportedAsFailuresNeverAsAnswers() {
        StoreFaults hook = StoreFaultRules.hookOrAbort(faults(), 25, this);
        new StoreFaultRules(repository, hook, show, settings).run(StoreFaultRules.Fault.FAILED_COMMITS, "rule 25");
    }

    /**
     * Rule 26: while acknowledgements are lost, every call that threw is settled by repeating it,
     * and no acknowledged write is missing; see {@link StoreFaultRules}.
     */
    @Test
    @DisplayName("Rule 26: while acknowledgements are lost, repeating each call that threw settles it, and no acknowledged write is missing")
    void rule26_lostAcknowledgementsAreResolvedByRepeatingTheCall() {
        StoreFaults hook = StoreFaultRules.hookOrAbort(faults(), 26, this);
        new StoreFaultRules(repository, hook, show, settings).run(StoreFaultRules.Fault.LOST_ACKNOWLEDGEMENTS, "rule 26");
    }

    // The shared line (issue 15): batches of claims decided in order, kept at the end of the class.

    /**
     * Rule 27: a batch of claims decided in order answers as sequential claims, all or nothing, and
     * races single claims safely; see {@link OrderedClaimsRules}.
     */
    @Test
    @DisplayName("Rule 27: a batch of claims in order answers as the same claims one after the other, all or nothing, one owner per seat")
    void rule27_orderedClaimsAnswerAsSequentialClaimsAllOrNothing() {
        OrderedClaimsRules.orAbort(repository, this);
        new OrderedClaimsRules(repository, () -> List.copyOf(events.heard), faults(), show, settings).run();
    }
}
