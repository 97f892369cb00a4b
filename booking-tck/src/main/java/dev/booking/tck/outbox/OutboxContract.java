package dev.booking.tck.outbox;

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
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxRelayStats;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.tck.Race;
import dev.booking.tck.TckSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every outbox store, and every repository that writes one, must follow. A backend's test
 * extends this class and supplies a fresh {@link OutboxFixture} per rule; JUnit then runs every rule
 * against it:
 *
 * <pre>{@code
 * class JdbcOutboxCompatibilityTest extends OutboxContract {
 *     @Override
 *     protected OutboxFixture newFixture() {
 *         return new JdbcOutboxFixture(...);   // a new, empty outbox table; closed by the kit
 *     }
 * }
 * }</pre>
 *
 * <p>Isolation: every rule gets its own fixture (an empty outbox) and works on a show of its own;
 * the kit closes the fixture after the rule, so rules need no cleanup between them. Rule O1 sweeps
 * lapsed holds and expects to be the one telling them, so nothing else may sweep the fixture's seats
 * during a rule (other shows' notices are ignored).
 *
 * <p>The rules (each test method's name starts with its rule number):
 * <ol>
 *   <li>O1: every change writes exactly one notice per event it causes, with the event's kind,
 *       owner, reference, seats and hold expiry: a booking, a hold, its confirmation, releases by
 *       reference and by seat, a group booked, a hold expired by a sweep (one {@code EXPIRED} per
 *       seat) and by a takeover ({@code EXPIRED} for the lapsed holder, then the taker's own).
 *       New records are {@code PENDING}, without attempts or error, and due at once. Answers that
 *       change nothing write nothing: taken, already yours, no such seat, unavailable, a repeated
 *       claim, a reference in use, a confirmation or release of nothing or of someone else's, a
 *       sweep with nothing to sweep, adding seats.</li>
 *   <li>O2: no notice without its change, no change without its notice. {@link TckSettings#racers()}
 *       callers {@code tryBook} one seat from one barrier: exactly one {@code BOOKED} notice, for the
 *       winner under the winner's reference, and nothing else. The same number of callers claim
 *       overlapping groups of 2 or 3 seats of one small block (holds and bookings): one notice per
 *       acknowledged claim, telling exactly that claim, and the store agrees with every notice (its
 *       seats owned by its user under its reference, held or booked as told), and every taken seat
 *       is told by a notice. The same callers hold groups of 1 or 2 seats, and a third of the winners
 *       confirm, a third (the first among them) release at once, all racing: the notices tell exactly what the callers
 *       were answered, and each seat stands as the last notice of its reference says (held, booked,
 *       or free again once released).</li>
 *   <li>O3: {@code appendIfAbsent} is idempotent: many threads appending one notice from one
 *       barrier get exactly one {@code true} and leave one record; a notice is read back whole
 *       (id, kind, user, reference, seats, hold expiry, detail, creation time); appending an id
 *       that exists in any state answers {@code false} and changes nothing.</li>
 *   <li>O4: leases keep relays apart. Two relays (one on {@link OutboxFixture#outbox()}, one on
 *       {@link OutboxFixture#secondOutbox()}), two threads each, deliver a few hundred records, some
 *       written while they run: each record delivered exactly once, all {@code SENT}, no lease
 *       lost. Claimers racing from one barrier on both handles never claim a record twice, and
 *       together claim every record; {@code claimDue} honours its limit.</li>
 *   <li>O5: a relay that claims and dies: its records are not claimed again while its lease lasts,
 *       and are claimed (attempts counted per claim) and delivered by another relay once it has
 *       ended. {@code markSent}, {@code markRetry} and {@code markDead} by a relay that holds no
 *       lease on the record (another relay's lease, a lease that passed to another relay, a
 *       record already settled) answer {@code false} and change nothing; by the holder they set
 *       the state, time and error asked for, and end the lease.</li>
 *   <li>O6: retries and dead letters, through {@link OutboxRelay} with a controlled clock: a
 *       receiver that answers {@code RetryLater} is tried again only when the record is due, after
 *       waits that grow (within the backoff's cap), and the record is delivered once it recovers;
 *       after {@code maxAttempts} failures the record is {@code DEAD} with the last error;
 *       {@code Rejected} is {@code DEAD} at once; dead records are listed by {@code list(DEAD)} and
 *       counted by {@code count}; {@code requeue} makes a dead record deliverable again (and answers
 *       {@code false} for any other).</li>
 *   <li>O7: purge: {@code SENT} and {@code DEAD} records written before the given instant are
 *       deleted, at most {@code limit} per call; newer ones and {@code PENDING} records never (a
 *       purge of {@code PENDING} is refused with {@link IllegalArgumentException} or deletes
 *       nothing); a relay purges what its retention allows.</li>
 * </ol>
 *
 * <p>Time: the store's own clock decides when appended records are due ({@code appendIfAbsent}, the
 * repository's writes), and the kit never controls it; every instant the kit passes
 * ({@code claimDue}'s {@code now}, a relay's clock) starts a minute after the JVM's clock, so that
 * whatever the store wrote is due, and moves forward from there. Instants read back are compared
 * within a millisecond (stores keep microseconds or milliseconds).
 */
public abstract class OutboxContract {

    /** Long enough never to expire during a rule. */
    private static final Duration LONG_HOLD = Duration.ofMinutes(30);
    /** The lease of the rules that claim directly. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** More records than any rule writes. */
    private static final int ALL = 10_000;

    /** The settings this run uses. */
    protected final TckSettings settings = TckSettings.fromEnvironment();

    private OutboxFixture fixture;
    private SeatRepository repository;
    private OutboxStore outbox;
    private ShowId show;
    private final Set<String> seen = new HashSet<>();

    /** For subclasses. */
    protected OutboxContract() {
    }

    /**
     * A new fixture on an empty outbox of its own; called once per rule.
     *
     * @return the fixture, closed by the kit after the rule
     */
    protected abstract OutboxFixture newFixture();

    @BeforeEach
    void openFixture(TestInfo test) {
        fixture = newFixture();
        repository = fixture.repository();
        outbox = fixture.outbox();
        String method = test.getTestMethod().map(m -> m.getName()).orElse("rule");
        String rule = method.contains("_") ? method.substring(0, method.indexOf('_')) : method;
        show = ShowId.of("tck-" + rule + "-" + UUID.randomUUID());
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ------------------------------------------------------------------------------------------ O1

    @Test
    @DisplayName("Rule O1: every change writes one notice per event, telling it; new records are pending and due")
    void o1a_everyChangeWritesOneNoticePerEvent() {
        repository.addSeats(show, List.of("A1", "A2", "A3", "A4", "A5"));
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        assertThat(written()).as("notices after adding seats").isEmpty();

        BookingResult.Booked booked = (BookingResult.Booked) repository.tryBook(seat("A1"), ann);
        assertTold("tryBook A1", written(), told(Notice.Kind.BOOKED, ann, booked.reference(), null, "A1"));

        ClaimResult.Claimed hold = claimed(repository.claim(ClaimRequest.hold(show, bob, LONG_HOLD, "A2", "A3")));
        assertTold("hold A2+A3", written(), told(Notice.Kind.HELD, bob, hold.reference(), hold.holdExpiresAt(), "A2", "A3"));

        assertThat(repository.confirm(hold.reference(), bob)).isInstanceOf(ConfirmResult.Confirmed.class);
        assertTold("confirm", written(), told(Notice.Kind.CONFIRMED, bob, hold.reference(), null, "A2", "A3"));

        assertThat(repository.release(hold.reference(), bob)).isInstanceOf(ReleaseResult.Released.class);
        assertTold("release by reference", written(), told(Notice.Kind.RELEASED, bob, hold.reference(), null, "A2", "A3"));

        assertThat(repository.release(seat("A1"), ann)).isInstanceOf(ReleaseResult.Released.class);
        assertTold("release by seat", written(), told(Notice.Kind.RELEASED, ann, booked.reference(), null, "A1"));

        ClaimResult.Claimed group = claimed(repository.claim(ClaimRequest.book(show, ann, "A4", "A5")));
        assertTold("group booking", written(), told(Notice.Kind.BOOKED, ann, group.reference(), null, "A4", "A5"));

        List<OutboxRecord> records = outbox.list(OutboxState.PENDING, ALL);
        assertThat(records).as("pending records after six changes").hasSize(6);
        assertThat(outbox.count(OutboxState.PENDING)).as("count(PENDING)").isEqualTo(6);
        for (OutboxRecord record : records) {
            assertThat(record.attempts()).as("attempts of new record %s", record).isZero();
            assertThat(record.lastError()).as("error of new record %s", record).isNull();
            assertThat(record.sentAt()).as("sentAt of new record %s", record).isNull();
            assertThat(outbox.find(record.id())).as("find(%s)", record.id()).contains(record);
        }
        Instant now = start();
        assertThat(ids(outbox.claimDue("tck-o1", ALL, now, now.plus(LEASE))))
                .as("new records are due at once").containsExactlyInAnyOrderElementsOf(ids(records));
    }

    @Test
    @DisplayName("Rule O1: a hold that lapses is told EXPIRED once per seat, by a sweep and by a takeover")
    void o1b_expiryWritesOneExpiredNoticePerSeatBySweepAndByTakeover() {
        repository.addSeats(show, List.of("E1", "E2", "T1"));
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        ClaimResult.Claimed group = claimed(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), "E1", "E2")));
        ClaimResult.Claimed single = claimed(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), "T1")));
        written();
        awaitFree(seat("E1"));
        awaitFree(seat("E2"));
        awaitFree(seat("T1"));
        assertThat(written()).as("notices written by a hold lapsing unseen (only a change may write one)").isEmpty();

        List<Notice> bySweep = new ArrayList<>();
        for (int i = 0; i < 20 && bySweep.size() < 3; i++) {
            repository.sweepExpiredHolds(1);
            bySweep.addAll(written());
        }
        assertTold("sweep", bySweep,
                told(Notice.Kind.EXPIRED, ann, group.reference(), null, "E1"),
                told(Notice.Kind.EXPIRED, ann, group.reference(), null, "E2"),
                told(Notice.Kind.EXPIRED, ann, single.reference(), null, "T1"));

        ClaimResult.Claimed again = claimed(repository.claim(ClaimRequest.hold(show, ann, settings.shortHold(), "T1")));
        written();
        awaitFree(seat("T1"));
        BookingResult.Booked taken = (BookingResult.Booked) repository.tryBook(seat("T1"), bob);
        assertTold("takeover of a lapsed hold", written(),
                told(Notice.Kind.EXPIRED, ann, again.reference(), null, "T1"),
                told(Notice.Kind.BOOKED, bob, taken.reference(), null, "T1"));
        repository.sweepExpiredHolds(10);
        assertThat(written()).as("notices of a sweep after the takeover").isEmpty();
    }

    @Test
    @DisplayName("Rule O1: answers that change nothing write no notice")
    void o1c_answersThatChangeNothingWriteNothing() {
        repository.addSeats(show, List.of("N1", "N2", "N3"));
        UserId ann = UserId.of("ann");
        UserId bob = UserId.of("bob");
        BookingResult.Booked booked = (BookingResult.Booked) repository.tryBook(seat("N1"), ann);
        ClaimRequest holdRequest = ClaimRequest.hold(show, ann, LONG_HOLD, "N2");
        ClaimResult.Claimed hold = claimed(repository.claim(holdRequest));
        assertThat(written()).as("the two changes' notices").hasSize(2);

        Map<String, Runnable> nothing = new java.util.LinkedHashMap<>();
        nothing.put("tryBook of a taken seat", () -> assertThat(repository.tryBook(seat("N1"), bob))
                .isInstanceOf(BookingResult.Taken.class));
        nothing.put("tryBook of one's own seat", () -> assertThat(repository.tryBook(seat("N1"), ann))
                .isInstanceOf(BookingResult.AlreadyYours.class));
        nothing.put("tryBook of no such seat", () -> assertThat(repository.tryBook(seat("Z9"), ann))
                .isInstanceOf(BookingResult.NoSuchSeat.class));
        nothing.put("claim of a held seat", () -> assertThat(repository.claim(ClaimRequest.book(show, bob, "N2", "N3")))
                .isInstanceOf(ClaimResult.Unavailable.class));
        nothing.put("claim of no such seat", () -> assertThat(repository.claim(ClaimRequest.book(show, bob, "N3", "Z9")))
                .isInstanceOf(ClaimResult.NoSuchSeats.class));
        nothing.put("the same claim again", () -> assertThat(repository.claim(holdRequest)).isEqualTo(hold));
        nothing.put("another claim under a reference in use", () -> assertThat(repository.claim(
                ClaimRequest.book(show, ann, "N3").withReference(hold.reference())))
                .isInstanceOf(ClaimResult.ReferenceInUse.class));
        nothing.put("confirm of someone else's hold", () -> assertThat(repository.confirm(hold.reference(), bob))
                .isInstanceOf(ConfirmResult.NotYours.class));
        nothing.put("confirm of nothing", () -> repository.confirm(BookingReference.generate(), ann));
        nothing.put("confirm of a booking", () -> repository.confirm(booked.reference(), ann));
        nothing.put("release of someone else's seat", () -> assertThat(repository.release(seat("N1"), bob))
                .isInstanceOf(ReleaseResult.NotYours.class));
        nothing.put("release of someone else's reference", () -> assertThat(repository.release(hold.reference(), bob))
                .isInstanceOf(ReleaseResult.NotYours.class));
        nothing.put("release of nothing", () -> assertThat(repository.release(BookingReference.generate(), ann))
                .isInstanceOf(ReleaseResult.NothingToRelease.class));
        nothing.put("release of an empty seat", () -> assertThat(repository.release(seat("N3"), ann))
                .isNotInstanceOf(ReleaseResult.Released.class));
        nothing.put("sweep with nothing expired", () -> repository.sweepExpiredHolds(10));
        nothing.put("adding seats again and new ones", () -> repository.addSeats(show, List.of("N1", "N4")));
        for (Map.Entry<String, Runnable> answer : nothing.entrySet()) {
            answer.getValue().run();
            assertThat(written()).as("notices written by %s, which changes nothing", answer.getKey()).isEmpty();
        }
        assertThat(outbox.count(OutboxState.PENDING)).as("count(PENDING) after answers that change nothing").isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------ O2

    @Test
    @DisplayName("Rule O2: many racers for one seat: one BOOKED notice, the winner's, and nothing else")
    void o2a_oneSeatManyRacersWriteOneBookedNoticeForTheWinner() {
        repository.addSeats(show, List.of("R1"));
        int racers = settings.racers();
        List<Race.Attempt<BookingResult>> attempts = Race.run(racers,
                i -> () -> repository.tryBook(seat("R1"), UserId.of("racer-" + i)), settings.timeout());
        List<BookingResult.Booked> winners = new ArrayList<>();
        for (Race.Attempt<BookingResult> attempt : attempts) {
            assertThat(attempt.failure()).as("tryBook of racer %d threw", attempt.caller()).isNull();
            if (attempt.value() instanceof BookingResult.Booked won) {
                winners.add(won);
            }
        }
        assertThat(winners).as("winners among %d racers", racers).hasSize(1);
        BookingResult.Booked winner = winners.get(0);
        assertTold("a race of " + racers + " for one seat (losers changed nothing)", written(),
                told(Notice.Kind.BOOKED, winner.owner(), winner.reference(), null, "R1"));
    }

    @Test
    @DisplayName("Rule O2: racing group claims: one notice per acknowledged claim, and the store agrees with each")
    void o2b_racingGroupClaimsWriteOneNoticePerClaimAndTheStoreAgrees() {
        List<String> block = List.of("G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8");
        repository.addSeats(show, block);
        int racers = settings.racers();
        long seed = settings.seed();
        Random random = new Random(seed);
        List<ClaimRequest> requests = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int size = 2 + random.nextInt(2);
            int from = random.nextInt(block.size() - size + 1);
            UserId user = UserId.of("racer-" + i);
            List<String> seats = block.subList(from, from + size);
            requests.add(random.nextBoolean() ? ClaimRequest.hold(show, user, LONG_HOLD, seats)
                    : ClaimRequest.book(show, user, seats));
        }
        List<Race.Attempt<ClaimResult>> attempts = Race.run(racers, i -> () -> repository.claim(requests.get(i)),
                settings.timeout());
        List<ClaimResult.Claimed> won = new ArrayList<>();
        for (Race.Attempt<ClaimResult> attempt : attempts) {
            assertThat(attempt.failure()).as("claim of racer %d threw", attempt.caller()).isNull();
            if (attempt.value() instanceof ClaimResult.Claimed claimed) {
                won.add(claimed);
            }
        }
        assertThat(won).as("claims won (seed %d)", seed).isNotEmpty();
        List<Notice> notices = written();
        assertTold("a race of " + racers + " group claims (seed " + seed + ")", notices, won.stream()
                .map(c -> told(c.status() == SeatStatus.HELD ? Notice.Kind.HELD : Notice.Kind.BOOKED, c.owner(),
                        c.reference(), c.holdExpiresAt(), numbers(c.seats())))
                .toArray(Told[]::new));

        Map<SeatId, SeatState> stored = repository.listSeats(show).stream()
                .collect(Collectors.toMap(SeatState::seat, Function.identity()));
        Set<SeatId> told = new HashSet<>();
        for (Notice notice : notices) {
            SeatStatus status = notice.kind() == Notice.Kind.HELD ? SeatStatus.HELD : SeatStatus.BOOKED;
            for (SeatId seat : notice.seats()) {
                SeatState state = stored.get(seat);
                assertThat(told.add(seat)).as("%s told twice (seed %d)", seat, seed).isTrue();
                assertThat(state.status()).as("%s, told %s by notice %s", seat, status, notice.id()).isEqualTo(status);
                assertThat(state.owner()).as("owner of %s, told by notice %s", seat, notice.id()).isEqualTo(notice.user());
                assertThat(state.reference()).as("reference of %s, told by notice %s", seat, notice.id())
                        .isEqualTo(notice.reference());
            }
        }
        for (SeatState state : stored.values()) {
            if (!state.isEmpty()) {
                assertThat(told).as("taken seat %s is told by a notice (a change without its notice)", state).contains(state.seat());
            }
        }
    }

    @Test
    @DisplayName("Rule O2: racing holds, confirmations and releases: the notices tell exactly the answers, and the last of each reference agrees with the store")
    void o2c_racingLifecyclesWriteWhatTheyAnswerAndTheStoreAgreesWithTheLastNotice() {
        List<String> block = List.of("L1", "L2", "L3", "L4", "L5", "L6");
        repository.addSeats(show, block);
        int racers = settings.racers();
        long seed = settings.seed();
        Random random = new Random(seed);
        List<ClaimRequest> requests = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int size = 1 + random.nextInt(2);
            int from = random.nextInt(block.size() - size + 1);
            requests.add(ClaimRequest.hold(show, UserId.of("racer-" + i), LONG_HOLD, block.subList(from, from + size)));
        }
        // each racer holds a group; of the winners, the first, fourth, ... release it at once and the second, fifth, ...
        // confirm it: seats change hands during the race, and at least one release happens
        AtomicInteger winners = new AtomicInteger();
        List<Race.Attempt<List<Told>>> attempts = Race.run(racers, i -> () -> {
            ClaimRequest request = requests.get(i);
            List<Told> answers = new ArrayList<>();
            if (!(repository.claim(request) instanceof ClaimResult.Claimed hold)) {
                return answers;
            }
            answers.add(new Told(Notice.Kind.HELD, hold.owner(), hold.reference(), hold.seats(), hold.holdExpiresAt()));
            int winner = winners.getAndIncrement();
            if (winner % 3 == 1 && repository.confirm(hold.reference(), hold.owner()) instanceof ConfirmResult.Confirmed done) {
                answers.add(new Told(Notice.Kind.CONFIRMED, done.owner(), done.reference(), done.seats(), null));
            } else if (winner % 3 == 0 && repository.release(hold.reference(), hold.owner()) instanceof ReleaseResult.Released gone) {
                answers.add(new Told(Notice.Kind.RELEASED, gone.owner(), gone.reference(), gone.seats(), null));
            }
            return answers;
        }, settings.timeout());
        List<Told> answered = new ArrayList<>();
        for (Race.Attempt<List<Told>> attempt : attempts) {
            assertThat(attempt.failure()).as("racer %d threw", attempt.caller()).isNull();
            answered.addAll(attempt.value());
        }
        List<Notice> notices = written();
        assertTold("a race of " + racers + " holds, confirmations and releases (seed " + seed + ")", notices,
                answered.toArray(Told[]::new));

        // a reference's notices come in lifecycle order (held, then confirmed or released): its last one says where it stands
        Map<BookingReference, Notice> last = new HashMap<>();
        for (Notice notice : notices) {
            last.merge(notice.reference(), notice, (a, b) -> a.kind().compareTo(b.kind()) >= 0 ? a : b);
        }
        Map<SeatId, Notice> standing = new HashMap<>();
        for (Notice notice : last.values()) {
            if (notice.kind() == Notice.Kind.RELEASED) {
                continue;
            }
            for (SeatId seat : notice.seats()) {
                Notice other = standing.put(seat, notice);
                assertThat(other).as("%s told taken by two references that were never released: %s and %s (seed %d)",
                        seat, other, notice, seed).isNull();
            }
        }
        for (SeatState state : repository.listSeats(show)) {
            Notice told = standing.get(state.seat());
            if (told == null) {
                assertThat(state.isEmpty()).as("%s is taken but no notice left it taken: %s (seed %d)", state.seat(), state, seed)
                        .isTrue();
                continue;
            }
            SeatStatus status = told.kind() == Notice.Kind.HELD ? SeatStatus.HELD : SeatStatus.BOOKED;
            assertThat(state.status()).as("%s, last told %s by notice %s", state.seat(), told.kind(), told.id()).isEqualTo(status);
            assertThat(state.owner()).as("owner of %s, last told by notice %s", state.seat(), told.id()).isEqualTo(told.user());
            assertThat(state.reference()).as("reference of %s, last told by notice %s", state.seat(), told.id())
                    .isEqualTo(told.reference());
        }
    }

    // ------------------------------------------------------------------------------------------ O3

    @Test
    @DisplayName("Rule O3: appendIfAbsent from many threads at once: one true, one record")
    void o3a_appendIfAbsentIsIdempotentUnderConcurrency() {
        int threads = Math.min(settings.racers(), 64);
        for (int round = 0; round < 3; round++) {
            Notice notice = refused("o3-" + round + "-" + Notice.randomId(), "R" + round);
            List<Race.Attempt<Boolean>> attempts = Race.run(threads,
                    i -> () -> (i % 2 == 0 ? outbox : fixture.secondOutbox()).appendIfAbsent(notice), settings.timeout());
            long appended = 0;
            for (Race.Attempt<Boolean> attempt : attempts) {
                assertThat(attempt.failure()).as("appendIfAbsent of thread %d threw", attempt.caller()).isNull();
                appended += attempt.value() ? 1 : 0;
            }
            assertThat(appended).as("appendIfAbsent calls answering true for one id from %d threads", threads).isEqualTo(1);
            assertThat(outbox.list(OutboxState.PENDING, ALL).stream().filter(r -> r.id().equals(notice.id())))
                    .as("records of id %s", notice.id()).hasSize(1);
        }
        assertThat(outbox.count(OutboxState.PENDING)).as("count(PENDING) after three ids").isEqualTo(3);
    }

    @Test
    @DisplayName("Rule O3: a notice reads back whole; an id already written, in any state, is not written again")
    void o3b_noticesReadBackWholeAndAnExistingIdIsNotReplaced() {
        Instant created = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        Notice refused = new Notice("o3b-refused." + Notice.randomId(), Notice.Kind.REFUSED, UserId.of("ann"),
                BookingReference.generate(), List.of(seat("B2"), seat("B1")), null, "TAKEN", created);
        Notice failed = new Notice("o3b-failed_" + Notice.randomId(), Notice.Kind.FAILED, UserId.of("bob"),
                BookingReference.generate(), List.of(), null, "could not read <the request> \"at all\"", created);
        Notice held = new Notice(Notice.randomId(), Notice.Kind.HELD, UserId.of("Ann Smith"),
                BookingReference.of("order-42"), List.of(seat("H1")), created.plus(LONG_HOLD), null, created);
        for (Notice notice : List.of(refused, failed, held)) {
            assertThat(outbox.appendIfAbsent(notice)).as("first append of %s", notice).isTrue();
            OutboxRecord record = outbox.find(notice.id()).orElseThrow(() -> new AssertionError(notice.id() + " not found"));
            assertSameNotice(record.notice(), notice);
            assertThat(record.state()).as("state of %s", notice.id()).isEqualTo(OutboxState.PENDING);
            assertThat(record.attempts()).as("attempts of %s", notice.id()).isZero();
        }
        assertThat(outbox.find("o3b-never-written")).as("find of an unknown id").isEmpty();

        Instant now = start();
        List<OutboxRecord> claimed = outbox.claimDue("tck-o3", ALL, now, now.plus(LEASE));
        assertThat(ids(claimed)).as("claimed").containsExactlyInAnyOrder(refused.id(), failed.id(), held.id());
        assertThat(outbox.markSent(refused.id(), "tck-o3", now)).as("markSent by the holder").isTrue();
        assertThat(outbox.markDead(failed.id(), "tck-o3", "gone")).as("markDead by the holder").isTrue();
        Map<String, OutboxRecord> before = snapshot();
        Notice again = new Notice(refused.id(), Notice.Kind.BOOKED, UserId.of("mallory"), BookingReference.generate(),
                List.of(seat("X1")), null, null, created);
        for (String id : List.of(refused.id(), failed.id(), held.id())) {
            Notice same = new Notice(id, again.kind(), again.user(), again.reference(), again.seats(), null, null, created);
            assertThat(outbox.appendIfAbsent(same)).as("append of existing id %s (%s)", id, before.get(id).state()).isFalse();
            assertThat(fixture.secondOutbox().appendIfAbsent(same)).as("append of existing id %s through the second handle", id)
                    .isFalse();
        }
        assertThat(snapshot()).as("records after appending existing ids").isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ O4

    @Test
    @DisplayName("Rule O4: two relays of two threads each deliver every record exactly once")
    void o4a_twoRelaysDeliverEveryRecordExactlyOnce() {
        int records = 300;
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        NoticeDelivery counting = notice -> {
            deliveries.computeIfAbsent(notice.id(), id -> new AtomicInteger()).incrementAndGet();
            sleepMillis(1);   // a receiver takes a moment, so that claims overlap deliveries under way
            return DeliveryResult.DELIVERED;
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records / 2; i++) {
            ids.add(append("o4-" + i));
        }
        OutboxRelay first = relay(outbox, counting, "tck-o4-first");
        OutboxRelay second = relay(fixture.secondOutbox(), counting, "tck-o4-second");
        try {
            first.start();
            second.start();
            for (int i = records / 2; i < records; i++) {
                ids.add(append("o4-" + i));
            }
            awaitCount(OutboxState.SENT, records);
        } finally {
            first.close();
            second.close();
        }
        for (String id : ids) {
            AtomicInteger count = deliveries.get(id);
            assertThat(count == null ? 0 : count.get()).as("deliveries of record %s", id).isEqualTo(1);
        }
        assertThat(deliveries).as("records delivered").hasSize(records);
        assertThat(outbox.count(OutboxState.SENT)).as("count(SENT)").isEqualTo(records);
        assertThat(outbox.count(OutboxState.PENDING)).as("count(PENDING)").isZero();
        OutboxRelayStats a = first.stats();
        OutboxRelayStats b = second.stats();
        assertThat(a.delivered() + b.delivered()).as("delivered by the two relays (%s, %s)", a, b).isEqualTo(records);
        assertThat(a.lostLeases() + b.lostLeases()).as("leases lost (%s, %s)", a, b).isZero();
    }

    @Test
    @DisplayName("Rule O4: claimers racing on two handles never claim a record twice, and claim them all")
    void o4b_racingClaimersNeverShareARecord() {
        int records = 200;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < records; i++) {
            ids.add(append("o4b-" + i));
        }
        Instant now = start();
        assertThat(outbox.claimDue("tck-o4b-limit", 3, now, now.plus(LEASE))).as("claimDue with limit 3").hasSize(3);
        Instant later = now.plus(LEASE).plusSeconds(1);
        int claimers = 8;
        List<Race.Attempt<List<String>>> attempts = Race.run(claimers, i -> () -> {
            OutboxStore store = i % 2 == 0 ? outbox : fixture.secondOutbox();
            List<String> mine = new ArrayList<>();
            while (true) {
                List<OutboxRecord> claimed = store.claimDue("tck-o4b-" + i, 5, later, later.plus(LEASE));
                if (claimed.isEmpty() || mine.size() > records) {
                    return mine;   // more than there are: a store that hands leased records out again never runs dry
                }
                mine.addAll(ids(claimed));
            }
        }, settings.timeout());
        List<String> all = new ArrayList<>();
        for (Race.Attempt<List<String>> attempt : attempts) {
            assertThat(attempt.failure()).as("claimer %d threw", attempt.caller()).isNull();
            all.addAll(attempt.value());
        }
        assertThat(new HashSet<>(all)).as("records claimed by the racing claimers").isEqualTo(ids);
        assertThat(all).as("claims in all (a record claimed twice under live leases shows here)").hasSize(records);
    }

    // ------------------------------------------------------------------------------------------ O5

    @Test
    @DisplayName("Rule O5: a dead relay's records are redelivered by another only after its lease ended")
    void o5a_aDeadRelaysRecordsAreRedeliveredOnlyAfterItsLease() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> append("o5a-" + i)).toList();
        Instant t0 = start();
        assertThat(ids(outbox.claimDue("tck-o5-dead", 10, t0, t0.plus(LEASE)))).as("claimed by the relay that dies")
                .containsExactlyInAnyOrderElementsOf(ids);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        KitClock clock = new KitClock(t0.plus(LEASE.dividedBy(2)));
        OutboxRelay survivor = OutboxRelay.builder(fixture.secondOutbox(), notice -> {
            deliveries.computeIfAbsent(notice.id(), id -> new AtomicInteger()).incrementAndGet();
            return DeliveryResult.DELIVERED;
        }).relayName("tck-o5-survivor").lease(LEASE).clock(clock).build();
        assertThat(survivor.runOnce()).as("delivered by another relay while the lease lasts").isZero();
        assertThat(deliveries).as("deliveries while the lease lasts").isEmpty();

        clock.set(t0.plus(LEASE).plusSeconds(1));
        assertThat(survivor.runOnce()).as("delivered by another relay once the lease ended").isEqualTo(ids.size());
        for (String id : ids) {
            assertThat(deliveries.get(id)).as("deliveries of %s", id).hasValue(1);
            OutboxRecord record = outbox.find(id).orElseThrow();
            assertThat(record.state()).as("state of %s", id).isEqualTo(OutboxState.SENT);
            assertThat(record.attempts()).as("attempts of %s (two claims)", id).isEqualTo(2);
            assertThat(outbox.markSent(id, "tck-o5-dead", clock.instant())).as("late markSent by the dead relay").isFalse();
            assertThat(outbox.markRetry(id, "tck-o5-dead", clock.instant(), "late")).as("late markRetry").isFalse();
            assertThat(outbox.markDead(id, "tck-o5-dead", "late")).as("late markDead").isFalse();
            assertThat(outbox.find(id)).as("%s after the dead relay's late marks", id).contains(record);
        }
    }

    @Test
    @DisplayName("Rule O5: only the lease holder can mark a record; marks set what they say and end the lease")
    void o5b_onlyTheLeaseHolderMarksARecord() {
        List<String> ids = IntStream.range(0, 4).mapToObj(i -> append("o5b-" + i)).toList();
        Instant t0 = start();
        List<String> firstTwo = ids(outbox.claimDue("tck-a", 2, t0, t0.plus(LEASE)));
        assertThat(firstTwo).as("claimDue with limit 2").hasSize(2);
        List<String> rest = ids(outbox.claimDue("tck-a", 10, t0, t0.plus(LEASE)));
        assertThat(rest).as("the second claim gets the records the first left").hasSize(2).doesNotContainAnyElementsOf(firstTwo);
        Instant mid = t0.plus(LEASE.dividedBy(2));
        assertThat(outbox.claimDue("tck-b", 10, mid, mid.plus(LEASE))).as("claimed while another's lease lasts").isEmpty();
        for (OutboxRecord record : all()) {
            assertThat(record.attempts()).as("attempts of %s after one claim", record.id()).isEqualTo(1);
        }
        assertMarksRefused("tck-b", ids, mid, "another relay's lease");

        Instant t1 = t0.plus(LEASE).plusSeconds(1);
        List<OutboxRecord> reclaimed = outbox.claimDue("tck-b", 10, t1, t1.plus(LEASE));
        assertThat(ids(reclaimed)).as("claimed once the first lease ended").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(reclaimed).as("attempts after the second claim").allSatisfy(r -> assertThat(r.attempts()).isEqualTo(2));
        assertMarksRefused("tck-a", ids, t1, "a lease that passed to another relay");

        String sent = ids.get(0);
        String retried = ids.get(1);
        String dead = ids.get(2);
        String leftClaimed = ids.get(3);
        Instant sentAt = t1.plusSeconds(1);
        Instant due = t1.plusSeconds(200);
        assertThat(outbox.markSent(sent, "tck-b", sentAt)).as("markSent by the holder").isTrue();
        assertThat(outbox.markRetry(retried, "tck-b", due, "later, please")).as("markRetry by the holder").isTrue();
        assertThat(outbox.markDead(dead, "tck-b", "no such mailbox")).as("markDead by the holder").isTrue();
        OutboxRecord sentRecord = outbox.find(sent).orElseThrow();
        assertThat(sentRecord.state()).as("state after markSent").isEqualTo(OutboxState.SENT);
        assertClose("sentAt", sentRecord.sentAt(), sentAt);
        OutboxRecord retriedRecord = outbox.find(retried).orElseThrow();
        assertThat(retriedRecord.state()).as("state after markRetry").isEqualTo(OutboxState.PENDING);
        assertClose("nextAttemptAt after markRetry", retriedRecord.nextAttemptAt(), due);
        assertThat(retriedRecord.lastError()).as("lastError after markRetry").isEqualTo("later, please");
        OutboxRecord deadRecord = outbox.find(dead).orElseThrow();
        assertThat(deadRecord.state()).as("state after markDead").isEqualTo(OutboxState.DEAD);
        assertThat(deadRecord.lastError()).as("lastError after markDead").isEqualTo("no such mailbox");
        assertMarksRefused("tck-b", List.of(sent, retried, dead), sentAt, "a record its holder already marked");

        Instant t2 = t1.plus(LEASE.dividedBy(2));
        assertThat(outbox.claimDue("tck-c", 10, t2, t2.plus(LEASE)))
                .as("claimed while the lease of %s lasts and %s is not due", leftClaimed, retried).isEmpty();
        Instant t3 = t1.plus(LEASE).plusSeconds(1);
        List<OutboxRecord> third = outbox.claimDue("tck-c", 10, t3, t3.plus(Duration.ofDays(1)));
        assertThat(ids(third)).as("claimed once the lease ended (sent, dead and not-yet-due records never)")
                .containsExactly(leftClaimed);
        assertThat(third.get(0).attempts()).as("attempts after a third claim").isEqualTo(3);
        Instant t4 = due.plusSeconds(1);
        List<OutboxRecord> fourth = outbox.claimDue("tck-c", 10, t4, t4.plus(LEASE));
        assertThat(ids(fourth)).as("claimed once due again").containsExactly(retried);
        assertThat(fourth.get(0).attempts()).as("attempts of the retried record").isEqualTo(3);
        assertThat(fourth.get(0).lastError()).as("lastError of the claimed record").isEqualTo("later, please");
    }

    // ------------------------------------------------------------------------------------------ O6

    @Test
    @DisplayName("Rule O6: RetryLater waits longer each time, and the record is delivered once the receiver recovers")
    void o6a_retriesWaitLongerEachTimeAndDeliverWhenTheReceiverRecovers() {
        String id = append("o6a");
        AtomicInteger calls = new AtomicInteger();
        NoticeDelivery recovering = notice -> calls.incrementAndGet() <= 3
                ? new DeliveryResult.RetryLater("receiver down " + calls.get()) : DeliveryResult.DELIVERED;
        Duration cap = Duration.ofHours(1);
        KitClock clock = new KitClock(start());
        OutboxRelay relay = OutboxRelay.builder(outbox, recovering).relayName("tck-o6a").clock(clock)
                .backoff(Duration.ofSeconds(10), cap).maxAttempts(10).build();
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(relay.runOnce()).as("delivered at attempt %d", attempt).isZero();
            assertThat(calls).as("delivery calls").hasValue(attempt);
            OutboxRecord record = outbox.find(id).orElseThrow();
            assertThat(record.state()).as("state after failed attempt %d", attempt).isEqualTo(OutboxState.PENDING);
            assertThat(record.attempts()).as("attempts after failed attempt %d", attempt).isEqualTo(attempt);
            assertThat(record.lastError()).as("lastError after failed attempt %d", attempt).contains("receiver down " + attempt);
            Duration wait = Duration.between(clock.instant(), record.nextAttemptAt());
            assertThat(wait).as("wait after failed attempt %d", attempt).isPositive().isLessThanOrEqualTo(cap);
            waits.add(wait);
            assertThat(relay.runOnce()).as("delivered before the record is due").isZero();
            assertThat(calls).as("delivery calls before the record is due again").hasValue(attempt);
            clock.set(record.nextAttemptAt());
        }
        assertThat(waits.get(2)).as("the third wait is longer than the first (%s)", waits).isGreaterThan(waits.get(0));
        assertThat(relay.runOnce()).as("delivered once the receiver recovered").isEqualTo(1);
        OutboxRecord record = outbox.find(id).orElseThrow();
        assertThat(record.state()).as("state after delivery").isEqualTo(OutboxState.SENT);
        assertThat(record.attempts()).as("attempts").isEqualTo(4);
        assertClose("sentAt", record.sentAt(), clock.instant());
        assertThat(calls).as("delivery calls in all").hasValue(4);
        assertThat(relay.stats()).as("relay stats").isEqualTo(new OutboxRelayStats(1, 3, 0, 0, 0));
    }

    @Test
    @DisplayName("Rule O6: maxAttempts failures make a record DEAD with the last error, listed and counted")
    void o6b_boundedAttemptsEndDeadWithTheLastError() {
        String id = append("o6b");
        String other = append("o6b-other");
        AtomicInteger calls = new AtomicInteger();
        NoticeDelivery down = notice -> notice.id().equals(id)
                ? new DeliveryResult.RetryLater("server down " + calls.incrementAndGet()) : DeliveryResult.DELIVERED;
        KitClock clock = new KitClock(start());
        OutboxRelay relay = OutboxRelay.builder(outbox, down).relayName("tck-o6b").clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)).maxAttempts(3).build();
        for (int attempt = 1; attempt <= 3; attempt++) {
            relay.runOnce();
            clock.set(clock.instant().plusSeconds(10));
        }
        OutboxRecord record = outbox.find(id).orElseThrow();
        assertThat(record.state()).as("state after 3 of 3 attempts failed").isEqualTo(OutboxState.DEAD);
        assertThat(record.attempts()).as("attempts").isEqualTo(3);
        assertThat(record.lastError()).as("lastError").contains("server down 3");
        assertThat(ids(outbox.list(OutboxState.DEAD, ALL))).as("list(DEAD)").containsExactly(id);
        assertThat(outbox.count(OutboxState.DEAD)).as("count(DEAD)").isEqualTo(1);
        assertThat(outbox.count(OutboxState.PENDING)).as("count(PENDING)").isZero();
        assertThat(ids(outbox.list(OutboxState.SENT, ALL))).as("list(SENT)").containsExactly(other);
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        assertThat(relay.runOnce()).as("delivered a day later").isZero();
        assertThat(calls).as("delivery calls for the dead record").hasValue(3);
        assertThat(relay.stats()).as("relay stats").isEqualTo(new OutboxRelayStats(1, 2, 1, 0, 0));
    }

    @Test
    @DisplayName("Rule O6: Rejected makes a record DEAD at once")
    void o6c_rejectedGoesDeadAtOnce() {
        String id = append("o6c");
        AtomicInteger calls = new AtomicInteger();
        KitClock clock = new KitClock(start());
        OutboxRelay relay = OutboxRelay.builder(outbox, notice -> {
            calls.incrementAndGet();
            return new DeliveryResult.Rejected("550 no such mailbox");
        }).relayName("tck-o6c").clock(clock).maxAttempts(10).build();
        assertThat(relay.runOnce()).as("delivered").isZero();
        OutboxRecord record = outbox.find(id).orElseThrow();
        assertThat(record.state()).as("state after a rejection").isEqualTo(OutboxState.DEAD);
        assertThat(record.attempts()).as("attempts").isEqualTo(1);
        assertThat(record.lastError()).as("lastError").contains("550 no such mailbox");
        assertThat(outbox.count(OutboxState.DEAD)).as("count(DEAD)").isEqualTo(1);
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        relay.runOnce();
        assertThat(calls).as("delivery calls").hasValue(1);
    }

    @Test
    @DisplayName("Rule O6: requeue makes a dead record deliverable again, and only a dead one")
    void o6d_requeueMakesADeadRecordDeliverableAgain() {
        String id = append("o6d");
        String pending = append("o6d-pending");
        AtomicInteger calls = new AtomicInteger();
        KitClock clock = new KitClock(start());
        OutboxRelay relay = OutboxRelay.builder(outbox, notice -> {
            if (!notice.id().equals(id)) {
                return new DeliveryResult.RetryLater("not yet");
            }
            return calls.incrementAndGet() == 1 ? new DeliveryResult.Rejected("mailbox full") : DeliveryResult.DELIVERED;
        }).relayName("tck-o6d").clock(clock).backoff(Duration.ofHours(1), Duration.ofHours(1)).build();
        relay.runOnce();
        assertThat(outbox.find(id).orElseThrow().state()).as("state after a rejection").isEqualTo(OutboxState.DEAD);
        Map<String, OutboxRecord> before = snapshot();
        assertThat(outbox.requeue(pending)).as("requeue of a pending record").isFalse();
        assertThat(outbox.requeue("o6d-never-written")).as("requeue of an unknown id").isFalse();
        assertThat(snapshot()).as("records after refused requeues").isEqualTo(before);

        assertThat(outbox.requeue(id)).as("requeue of the dead record").isTrue();
        OutboxRecord requeued = outbox.find(id).orElseThrow();
        assertThat(requeued.state()).as("state after requeue").isEqualTo(OutboxState.PENDING);
        assertThat(requeued.attempts()).as("attempts after requeue").isZero();
        assertThat(outbox.count(OutboxState.DEAD)).as("count(DEAD) after requeue").isZero();
        assertThat(relay.runOnce()).as("delivered after requeue").isEqualTo(1);
        OutboxRecord sent = outbox.find(id).orElseThrow();
        assertThat(sent.state()).as("state after delivery").isEqualTo(OutboxState.SENT);
        assertThat(sent.attempts()).as("attempts after requeue and delivery").isEqualTo(1);
        assertThat(outbox.requeue(id)).as("requeue of a sent record").isFalse();
        assertThat(outbox.find(id)).as("the sent record after a refused requeue").contains(sent);
    }

    // ------------------------------------------------------------------------------------------ O7

    @Test
    @DisplayName("Rule O7: purge deletes old SENT and DEAD records, at most its limit per call, never PENDING ones")
    void o7a_purgeDeletesOldSentAndDeadWithinItsLimitAndNeverPending() {
        Instant t0 = start();
        Instant old = t0.minus(Duration.ofDays(30));
        Instant recent = t0.minus(Duration.ofHours(1));
        List<String> oldSent = appendAll("o7-old-sent", 5, old);
        List<String> recentSent = appendAll("o7-recent-sent", 2, recent);
        List<String> oldDead = appendAll("o7-old-dead", 3, old);
        List<String> recentDead = appendAll("o7-recent-dead", 1, recent);
        List<String> oldPending = appendAll("o7-old-pending", 3, old);
        assertThat(outbox.claimDue("tck-o7", ALL, t0, t0.plus(LEASE))).as("claimed").hasSize(14);
        Stream.concat(oldSent.stream(), recentSent.stream()).forEach(id -> assertThat(outbox.markSent(id, "tck-o7", t0)).isTrue());
        Stream.concat(oldDead.stream(), recentDead.stream()).forEach(id -> assertThat(outbox.markDead(id, "tck-o7", "x")).isTrue());
        oldPending.subList(0, 2).forEach(id -> assertThat(outbox.markRetry(id, "tck-o7", t0.plusSeconds(60), "y")).isTrue());
        // the third old pending record stays claimed

        Instant cutoff = t0.minus(Duration.ofDays(7));
        assertThat(outbox.purge(OutboxState.SENT, old.minus(Duration.ofDays(1)), 100)).as("purge before everything").isZero();
        assertThat(outbox.purge(OutboxState.DEAD, old.minus(Duration.ofDays(1)), 100)).as("purge before everything").isZero();
        List<Integer> sentCalls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sentCalls.add(outbox.purge(OutboxState.SENT, cutoff, 2));
        }
        assertThat(sentCalls).as("purge(SENT, limit 2) four times over 5 old sent records").containsExactly(2, 2, 1, 0);
        assertThat(outbox.purge(OutboxState.DEAD, cutoff, 10)).as("purge(DEAD) over 3 old dead records").isEqualTo(3);
        try {
            assertThat(outbox.purge(OutboxState.PENDING, cutoff, 10)).as("purge(PENDING)").isZero();
        } catch (IllegalArgumentException refused) {
            // refusing to purge pending records is as good as purging none
        }
        assertThat(ids(outbox.list(OutboxState.SENT, ALL))).as("sent records left").containsExactlyInAnyOrderElementsOf(recentSent);
        assertThat(ids(outbox.list(OutboxState.DEAD, ALL))).as("dead records left").containsExactlyInAnyOrderElementsOf(recentDead);
        assertThat(ids(outbox.list(OutboxState.PENDING, ALL))).as("pending records left (never purged)")
                .containsExactlyInAnyOrderElementsOf(oldPending);
        for (String id : Stream.concat(oldSent.stream(), oldDead.stream()).toList()) {
            assertThat(outbox.find(id)).as("purged record %s", id).isEmpty();
        }
    }

    @Test
    @DisplayName("Rule O7: a relay purges sent and dead records past its retention")
    void o7b_aRelayPurgesWhatItsRetentionAllows() {
        Instant t0 = start();
        List<String> oldSent = appendAll("o7b-old-sent", 2, t0.minus(Duration.ofDays(10)));
        List<String> oldDead = appendAll("o7b-old-dead", 1, t0.minus(Duration.ofDays(10)));
        List<String> oldPending = appendAll("o7b-old-pending", 1, t0.minus(Duration.ofDays(10)));
        List<String> recentSent = appendAll("o7b-recent-sent", 1, t0.minus(Duration.ofDays(2)));
        outbox.claimDue("tck-o7b", ALL, t0, t0.plus(LEASE));
        Stream.concat(oldSent.stream(), recentSent.stream()).forEach(id -> outbox.markSent(id, "tck-o7b", t0));
        oldDead.forEach(id -> outbox.markDead(id, "tck-o7b", "x"));
        oldPending.forEach(id -> outbox.markRetry(id, "tck-o7b", t0.plus(Duration.ofDays(1)), "y"));

        OutboxRelay relay = OutboxRelay.builder(outbox, notice -> DeliveryResult.DELIVERED).relayName("tck-o7b-relay")
                .clock(new KitClock(t0.plusSeconds(1))).retention(Duration.ofDays(7)).build();
        assertThat(relay.runOnce()).as("delivered (nothing is due)").isZero();
        assertThat(relay.stats().purged()).as("purged by the relay").isEqualTo(3);
        assertThat(ids(all())).as("records left").containsExactlyInAnyOrder(oldPending.get(0), recentSent.get(0));
    }

    // ------------------------------------------------------------------------------------- helpers

    /** What a notice should tell; the hold expiry is compared within a millisecond. */
    private record Told(Notice.Kind kind, UserId user, BookingReference reference, List<SeatId> seats, Instant holdExpiresAt) {
        String key() {
            return kind + " to " + user + " under " + reference + " of " + seats;
        }
    }

    private Told told(Notice.Kind kind, UserId user, BookingReference reference, Instant holdExpiresAt, String... numbers) {
        return new Told(kind, user, reference, Arrays.stream(numbers).map(this::seat).sorted().toList(), holdExpiresAt);
    }

    /** Asserts that {@code notices} tell exactly {@code expected}, in any order. */
    private static void assertTold(String step, List<Notice> notices, Told... expected) {
        Map<String, Notice> byKey = new HashMap<>();
        List<String> actualKeys = new ArrayList<>();
        for (Notice notice : notices) {
            String key = new Told(notice.kind(), notice.user(), notice.reference(), notice.seats(), null).key();
            actualKeys.add(key);
            byKey.put(key, notice);
        }
        assertThat(actualKeys).as("notices written by %s", step)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(expected).map(Told::key).toList());
        for (Told told : expected) {
            Notice notice = byKey.get(told.key());
            if (told.holdExpiresAt() == null) {
                assertThat(notice.holdExpiresAt()).as("holdExpiresAt of %s by %s", told.key(), step).isNull();
            } else {
                assertClose("holdExpiresAt of " + told.key() + " by " + step, notice.holdExpiresAt(), told.holdExpiresAt());
            }
            assertThat(notice.detail()).as("detail of %s by %s", told.key(), step).isNull();
        }
    }

    private static void assertSameNotice(Notice actual, Notice expected) {
        assertThat(actual.id()).as("id").isEqualTo(expected.id());
        assertThat(actual.kind()).as("kind of %s", expected.id()).isEqualTo(expected.kind());
        assertThat(actual.user()).as("user of %s", expected.id()).isEqualTo(expected.user());
        assertThat(actual.reference()).as("reference of %s", expected.id()).isEqualTo(expected.reference());
        assertThat(actual.seats()).as("seats of %s", expected.id()).isEqualTo(expected.seats());
        assertThat(actual.detail()).as("detail of %s", expected.id()).isEqualTo(expected.detail());
        if (expected.holdExpiresAt() == null) {
            assertThat(actual.holdExpiresAt()).as("holdExpiresAt of %s", expected.id()).isNull();
        } else {
            assertClose("holdExpiresAt of " + expected.id(), actual.holdExpiresAt(), expected.holdExpiresAt());
        }
        assertClose("createdAt of " + expected.id(), actual.createdAt(), expected.createdAt());
    }

    private static void assertClose(String what, Instant actual, Instant expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(Duration.between(expected, actual).abs()).as("%s: %s, expected %s", what, actual, expected)
                .isLessThanOrEqualTo(Duration.ofMillis(1));
    }

    /** Asserts that {@code relay}'s three marks of each of {@code ids} answer false and change nothing. */
    private void assertMarksRefused(String relay, List<String> ids, Instant at, String why) {
        for (String id : ids) {
            Map<String, OutboxRecord> before = snapshot();
            assertThat(outbox.markSent(id, relay, at)).as("markSent of %s by %s, holding %s", id, relay, why).isFalse();
            assertThat(outbox.markRetry(id, relay, at.plusSeconds(5), "by " + relay))
                    .as("markRetry of %s by %s, holding %s", id, relay, why).isFalse();
            assertThat(outbox.markDead(id, relay, "by " + relay)).as("markDead of %s by %s, holding %s", id, relay, why)
                    .isFalse();
            assertThat(snapshot()).as("records after refused marks of %s by %s, holding %s", id, relay, why)
                    .isEqualTo(before);
        }
    }

    /**
     * The notices of this rule's show (or of no seat) written since the last call, or since the rule
     * began, in no particular order. Notices of other shows are left out: a sweep of a seat table
     * shared with other tests may clear their lapsed holds too.
     */
    private List<Notice> written() {
        List<Notice> fresh = all().stream().map(OutboxRecord::notice)
                .filter(n -> !seen.contains(n.id()))
                .filter(n -> n.seats().isEmpty() || n.seats().stream().anyMatch(seat -> seat.show().equals(show)))
                .toList();
        fresh.forEach(n -> seen.add(n.id()));
        return fresh;
    }

    /** Every record, in every state. */
    private List<OutboxRecord> all() {
        List<OutboxRecord> all = new ArrayList<>();
        for (OutboxState state : OutboxState.values()) {
            all.addAll(outbox.list(state, ALL));
        }
        return all;
    }

    private Map<String, OutboxRecord> snapshot() {
        return all().stream().collect(Collectors.toMap(OutboxRecord::id, Function.identity()));
    }

    /** Appends a queued request's refusal under an id starting with {@code prefix}; returns the id. */
    private String append(String prefix) {
        Notice notice = refused(prefix + "-" + Notice.randomId(), "A1");
        assertThat(outbox.appendIfAbsent(notice)).as("append of new id %s", notice.id()).isTrue();
        return notice.id();
    }

    private List<String> appendAll(String prefix, int count, Instant createdAt) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Notice notice = new Notice(prefix + "-" + i + "-" + Notice.randomId(), Notice.Kind.REFUSED,
                    UserId.of("user-" + i), BookingReference.generate(), List.of(seat("P" + i)), null, "TAKEN", createdAt);
            assertThat(outbox.appendIfAbsent(notice)).as("append of new id %s", notice.id()).isTrue();
            ids.add(notice.id());
        }
        return ids;
    }

    private Notice refused(String id, String number) {
        return new Notice(id, Notice.Kind.REFUSED, UserId.of("user-" + id), BookingReference.generate(),
                List.of(seat(number)), null, "TAKEN", Instant.now());
    }

    private OutboxRelay relay(OutboxStore store, NoticeDelivery delivery, String name) {
        return OutboxRelay.builder(store, delivery).relayName(name).threads(2).batchSize(7)
                .pollInterval(Duration.ofMillis(10)).lease(Duration.ofMinutes(5)).build();
    }

    private void awaitCount(OutboxState state, long expected) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long count;
        while ((count = outbox.count(state)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count + " of " + expected + " records " + state + " after "
                        + settings.timeout());
            }
            sleepMillis(20);
        }
    }

    /** Reads the seat until the store reports it free (its hold lapsed), within twenty holds plus ten seconds. */
    private void awaitFree(SeatId seat) {
        Duration limit = settings.shortHold().multipliedBy(20).plusSeconds(10);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!repository.findSeat(seat).orElseThrow(() -> new AssertionError(seat + " is missing")).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hold on " + seat + " did not lapse within " + limit);
            }
            sleepMillis(20);
        }
    }

    /** The first instant the kit passes: a minute after the JVM's clock, so everything written is due. */
    private static Instant start() {
        return Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
    }

    private static ClaimResult.Claimed claimed(ClaimResult result) {
        assertThat(result).as("claim").isInstanceOf(ClaimResult.Claimed.class);
        return (ClaimResult.Claimed) result;
    }

    private SeatId seat(String number) {
        return new SeatId(show, number);
    }

    private static String[] numbers(List<SeatId> seats) {
        return seats.stream().map(SeatId::number).toArray(String[]::new);
    }

    private static List<String> ids(List<OutboxRecord> records) {
        return records.stream().map(OutboxRecord::id).toList();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A clock the rule moves by hand. */
    private static final class KitClock extends Clock {
        private volatile Instant now;

        KitClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
