package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The body of rule 27 of {@link SeatLifecycleContract}: a batch of claims decided in order
 * ({@link OrderedClaims}) answers exactly as the same claims sent one after the other, commits all
 * or nothing, and racing single claims still leaves one owner per seat.
 *
 * <p>The expected answers come from the rules themselves: the in-memory reference repository is
 * brought to the same state as the store under test (same seats, same earlier claims, the same
 * references) and is then sent the batch's requests one {@code claim} at a time.
 */
final class OrderedClaimsRules {

    /** Long enough never to expire during a rule. */
    private static final Duration LONG_HOLD = Duration.ofMinutes(30);

    private final SeatRepository repository;
    private final OrderedClaims batches;
    private final Supplier<List<BookingEvent>> heard;
    private final Optional<StoreFaults> faults;
    private final ShowId show;
    private final TckSettings settings;

    OrderedClaimsRules(SeatRepository repository, Supplier<List<BookingEvent>> heard, Optional<StoreFaults> faults,
                       ShowId show, TckSettings settings) {
        this.repository = repository;
        this.batches = (OrderedClaims) repository;
        this.heard = heard;
        this.faults = faults;
        this.show = show;
        this.settings = settings;
    }

    /**
     * The repository as {@link OrderedClaims}, or aborts the rule as not applicable, saying so on
     * stderr as well.
     */
    static void orAbort(SeatRepository repository, Object contract) {
        if (!(repository instanceof OrderedClaims)) {
            String notApplicable = "booking-tck: Rule 27 NOT APPLICABLE to " + contract.getClass().getName()
                    + ": the repository does not implement OrderedClaims";
            System.err.println(notApplicable);
            Assumptions.abort(notApplicable);
        }
    }

    void run() {
        badBatchesAreRejected();
        answersAreThoseOfSequentialClaims();
        aFailedBatchLeavesNothingAndALostReplyAllOrNothing();
        batchesRacingSingleClaimsLeaveOneOwnerPerSeat();
    }

    private void badBatchesAreRejected() {
        ShowId bad = ShowId.of(show.value() + "-bad");
        repository.addSeats(bad, List.of("A"));
        ClaimRequest request = ClaimRequest.book(bad, UserId.of("ann"), "A");
        List<ClaimRequest> withNull = new ArrayList<>(List.of(request));
        withNull.add(null);
        List<ClaimRequest> tooLong = Collections.nCopies(OrderedClaims.MAX_BATCH + 1, request);
        assertThatIllegalArgumentException().isThrownBy(() -> batches.claimInOrder(null)).withMessageContaining("requests");
        assertThatIllegalArgumentException().isThrownBy(() -> batches.claimInOrder(List.of())).withMessageContaining("requests");
        assertThatIllegalArgumentException().isThrownBy(() -> batches.claimInOrder(withNull)).withMessageContaining("requests");
        assertThatIllegalArgumentException().isThrownBy(() -> batches.claimInOrder(tooLong)).withMessageContaining("requests");
        assertThat(repository.findSeat(bad.seat("A")).orElseThrow().isEmpty()).as("A after rejected batches").isTrue();
    }

    /**
     * One batch meets every way a claim can end: won, lost to a request earlier in the batch or
     * before it, repeated within the batch or after an earlier claim, a reference bound to another
     * claim before or within the batch, a missing seat, a lapsed hold taken over.
     */
    private void answersAreThoseOfSequentialClaims() {
        ShowId seq = ShowId.of(show.value() + "-seq");
        List<String> numbers = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J");
        String tag = seq.value() + "-";
        BookingReference bookedA = BookingReference.of(tag + "booked-a");
        BookingReference heldB = BookingReference.of(tag + "held-b");
        BookingReference released = BookingReference.of(tag + "released-h");
        List<ClaimRequest> before = List.of(
                ClaimRequest.book(seq, user("ann"), "A").withReference(bookedA),
                ClaimRequest.hold(seq, user("bob"), LONG_HOLD, "B").withReference(heldB),
                ClaimRequest.book(seq, user("ann"), "H").withReference(released),
                ClaimRequest.hold(seq, user("nora"), settings.shortHold(), "J")
                        .withReference(BookingReference.of(tag + "lapsing-j")));
        ClaimRequest carolC = ClaimRequest.book(seq, user("carol"), "C").withReference(BookingReference.of(tag + "r0"));
        BookingReference r11 = BookingReference.of(tag + "r11");
        List<ClaimRequest> batch = List.of(
                carolC,                                                                          // wins C
                ClaimRequest.book(seq, user("dave"), "C").withReference(BookingReference.of(tag + "r1")), // lost to #0
                carolC,                                                                          // #0 again
                ClaimRequest.book(seq, user("erin"), "E", "D").withReference(BookingReference.of(tag + "r3")),
                ClaimRequest.hold(seq, user("frank"), LONG_HOLD, "E").withReference(BookingReference.of(tag + "r4")),
                before.get(0),                                                                   // repeats a claim before
                ClaimRequest.book(seq, user("gina"), "A").withReference(BookingReference.of(tag + "r6")),
                ClaimRequest.book(seq, user("hank"), "Z", "G").withReference(BookingReference.of(tag + "r7")), // Z missing
                ClaimRequest.book(seq, user("ivy"), "C").withReference(carolC.reference()),      // bound within the batch
                before.get(1),                                                                   // repeats a hold
                ClaimRequest.hold(seq, user("jack"), LONG_HOLD, "F").withReference(BookingReference.of(tag + "r10")),
                ClaimRequest.book(seq, user("kate"), "F", "G").withReference(r11),               // F held by #10
                ClaimRequest.book(seq, user("kate"), "G").withReference(r11),                   // r11 bound nothing
                ClaimRequest.book(seq, user("mia"), "I").withReference(released),               // bound before
                before.get(2),                                                                   // claims H afresh
                ClaimRequest.book(seq, user("oscar"), "J").withReference(BookingReference.of(tag + "r15"))); // lapsed

        List<BookingEvent> oracleHeard = new CopyOnWriteArrayList<>();
        InMemorySeatRepository oracle = InMemorySeatRepository.builder().listener(oracleHeard::add).build();
        for (SeatRepository store : List.of(repository, oracle)) {
            store.addSeats(seq, numbers);
            before.forEach(request -> assertThat(store.claim(request)).as("claim %s before the batch", request)
                    .isInstanceOf(ClaimResult.Claimed.class));
            assertThat(store.release(released, user("ann"))).isInstanceOf(ReleaseResult.Released.class);
            awaitFree(store, seq.seat("J"));
        }
        oracleHeard.clear();

        int heardBefore = eventsOf(seq).size();
        List<ClaimResult> answers = batches.claimInOrder(batch);
        List<ClaimResult> expected = batch.stream().map(oracle::claim).toList();

        assertThat(answers).as("answers of the batch").hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertThat(comparable(answers.get(i))).as("answer #%d of the batch, to %s, against the same claims sent"
                            + " one after the other (a batch decides in order, each request after the ones before it)",
                    i, describe(batch.get(i))).isEqualTo(comparable(expected.get(i)));
        }
        assertThat(answers.get(2)).as("the repeated request #2 gets the answer of #0 itself").isEqualTo(answers.get(0));
        for (ClaimResult answer : answers) {
            if (answer instanceof ClaimResult.Claimed claimed && claimed.holdExpiresAt() != null) {
                claimed.seats().forEach(seat -> assertThat(repository.findSeat(seat).orElseThrow().holdExpiresAt())
                        .as("stored expiry of %s against the expiry told", seat).isEqualTo(claimed.holdExpiresAt()));
            }
        }
        assertThat(repository.listSeats(seq)).extracting(OrderedClaimsRules::comparable)
                .as("seats after the batch against the same claims sent one after the other")
                .isEqualTo(oracle.listSeats(seq).stream().map(OrderedClaimsRules::comparable).toList());
        List<BookingEvent> batchEvents = eventsOf(seq).subList(heardBefore, eventsOf(seq).size());
        assertThat(batchEvents).extracting(OrderedClaimsRules::comparable)
                .as("events of the batch, in order, against those of the same claims sent one after the other")
                .isEqualTo(oracleHeard.stream().map(OrderedClaimsRules::comparable).toList());
    }

    /**
     * With the store's fault hook: a batch whose commit fails throws and leaves nothing of itself;
     * a batch whose reply is lost throws and is stored wholly or not at all; sent again after
     * healing, each settles as claimed. Without a hook this part is skipped, saying so on stderr.
     */
    private void aFailedBatchLeavesNothingAndALostReplyAllOrNothing() {
        if (faults.isEmpty()) {
            System.err.println("booking-tck: Rule 27's fault part NOT APPLICABLE: the store supplies no StoreFaults"
                    + " hook (override faults())");
            return;
        }
        StoreFaults hook = faults.get();
        long injectedBefore = hook.injected();
        ShowId faulty = ShowId.of(show.value() + "-faults");
        List<String> numbers = List.of("K1", "K2", "K3", "K4", "L1", "L2", "L3", "L4");
        repository.addSeats(faulty, numbers);
        List<ClaimRequest> failing = batchOf(faulty, "K");
        List<ClaimRequest> unacknowledged = batchOf(faulty, "L");
        try {
            hook.failNextCommits(1);
            assertThatThrownBy(() -> batches.claimInOrder(failing)).as("a batch whose commit failed")
                    .isInstanceOf(BookingException.class);
            hook.heal();
            assertThat(repository.listSeats(faulty)).filteredOn(state -> state.seat().number().startsWith("K"))
                    .as("seats of a batch whose commit failed: nothing of it may be stored")
                    .allSatisfy(state -> assertThat(state.isEmpty()).as("%s", state).isTrue());
            assertThat(eventsOf(faulty)).as("events of a batch whose commit failed").isEmpty();

            hook.loseNextAcknowledgements(1);
            assertThatThrownBy(() -> batches.claimInOrder(unacknowledged)).as("a batch whose reply was lost")
                    .isInstanceOf(BookingException.class);
            hook.heal();
            long taken = repository.listSeats(faulty).stream()
                    .filter(state -> state.seat().number().startsWith("L") && !state.isEmpty()).count();
            assertThat(taken).as("seats of a batch whose reply was lost that are stored: all of it or nothing,"
                    + " never part (%s)", repository.listSeats(faulty)).isIn(0L, (long) unacknowledged.size());
        } finally {
            hook.heal();
        }
        assertThat(hook.injected()).as("faults the hook fired (a hook that never fires proves nothing)")
                .isGreaterThan(injectedBefore);
        for (List<ClaimRequest> batch : List.of(failing, unacknowledged)) {
            List<ClaimResult> again = batches.claimInOrder(batch);
            assertThat(again).as("the batch sent again after healing").allSatisfy(answer ->
                    assertThat(answer).isInstanceOf(ClaimResult.Claimed.class));
        }
        assertThat(repository.listSeats(faulty)).as("seats after the batches were sent again")
                .allSatisfy(state -> assertThat(state.isEmpty()).isFalse());
    }

    private static List<ClaimRequest> batchOf(ShowId show, String row) {
        return IntStream.rangeClosed(1, 4).mapToObj(i -> i % 2 == 0
                ? ClaimRequest.book(show, user("f" + row + i), row + i)
                : ClaimRequest.hold(show, user("f" + row + i), LONG_HOLD, row + i)).toList();
    }

    /**
     * Batches of one- and two-seat claims in shuffled order race single claims for one block of
     * seats, round after round: nothing throws (no deadlock reaches a caller), no two winners share
     * a seat, and every seat taken is stored as its one winner was told.
     */
    private void batchesRacingSingleClaimsLeaveOneOwnerPerSeat() {
        int callers = Math.max(4, Math.min(settings.racers(), 12));
        int rounds = Math.max(1, Math.min(settings.rounds(), 5));
        List<String> block = IntStream.range(0, 16).mapToObj(i -> String.format("P%02d", i)).toList();
        for (int round = 0; round < rounds; round++) {
            ShowId raced = ShowId.of(show.value() + "-race-" + round);
            repository.addSeats(raced, block);
            long seed = new Random().nextLong();
            Random random = new Random(seed);
            List<List<ClaimRequest>> sent = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                List<ClaimRequest> requests = new ArrayList<>();
                boolean batcher = caller % 3 == 0;
                int count = batcher ? block.size() : 3;
                for (int i = 0; i < count; i++) {
                    int size = 1 + random.nextInt(2);
                    int from = random.nextInt(block.size() - size + 1);
                    UserId user = user("racer-" + caller + "-" + i);
                    List<String> seats = block.subList(from, from + size);
                    requests.add(i % 2 == 0 ? ClaimRequest.book(raced, user, seats)
                            : ClaimRequest.hold(raced, user, LONG_HOLD, seats));
                }
                Collections.shuffle(requests, random);
                sent.add(requests);
            }
            List<Race.Attempt<List<ClaimResult>>> attempts = Race.run(callers, caller -> () -> caller % 3 == 0
                    ? batches.claimInOrder(sent.get(caller))
                    : sent.get(caller).stream().map(repository::claim).toList(), settings.timeout());

            assertThat(Attempts.failures(attempts)).as("exceptions (a deadlock must never reach a caller), seed %d", seed)
                    .isEmpty();
            Map<SeatId, ClaimResult.Claimed> winnerOf = new HashMap<>();
            for (Race.Attempt<List<ClaimResult>> attempt : attempts) {
                List<ClaimRequest> requests = sent.get(attempt.caller());
                assertThat(attempt.value()).as("answers of caller %d", attempt.caller()).hasSize(requests.size());
                for (int i = 0; i < requests.size(); i++) {
                    ClaimResult answer = attempt.value().get(i);
                    if (answer instanceof ClaimResult.Claimed claimed) {
                        assertThat(claimed.seats()).isEqualTo(requests.get(i).seats());
                        for (SeatId seat : claimed.seats()) {
                            ClaimResult.Claimed other = winnerOf.put(seat, claimed);
                            assertThat(other).as("two claims told they won %s (seed %d): %s and %s", seat, seed,
                                    other, claimed).isNull();
                        }
                    } else {
                        assertThat(answer).as("answer to %s", requests.get(i)).isInstanceOf(ClaimResult.Unavailable.class);
                    }
                }
            }
            for (SeatState state : repository.listSeats(raced)) {
                ClaimResult.Claimed winner = winnerOf.get(state.seat());
                if (winner == null) {
                    assertThat(state.isEmpty()).as("%s is taken but nobody was told they won it (seed %d): %s",
                            state.seat(), seed, state).isTrue();
                } else {
                    assertThat(state.owner()).as("owner of %s, told to %s (seed %d)", state.seat(), winner, seed)
                            .isEqualTo(winner.owner());
                    assertThat(state.reference()).isEqualTo(winner.reference());
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<BookingEvent> eventsOf(ShowId of) {
        return heard.get().stream().filter(event -> event.seats().get(0).show().equals(of)).toList();
    }

    private static UserId user(String name) {
        return UserId.of(name);
    }

    /** An answer without its expiry instant, which each store's own clock sets: only whether there is one. */
    private static Object comparable(Object value) {
        if (value instanceof ClaimResult.Claimed claimed) {
            return List.of("Claimed", claimed.reference(), claimed.owner(), claimed.seats(), claimed.status(),
                    claimed.holdExpiresAt() != null);
        }
        if (value instanceof SeatState state) {
            return List.of(state.seat(), state.status(), String.valueOf(state.owner()), String.valueOf(state.reference()));
        }
        if (value instanceof BookingEvent event) {
            return List.of(event.type(), event.reference(), event.owner(), event.seats(), event.holdExpiresAt() != null);
        }
        return value;
    }

    private static String describe(ClaimRequest request) {
        return (request.isHold() ? "hold " : "book ") + request.seatNumbers() + " for " + request.user() + " under "
                + request.reference();
    }

    private void awaitFree(SeatRepository store, SeatId seat) {
        Duration patience = settings.shortHold().multipliedBy(20).plusSeconds(10);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!store.findSeat(seat).orElseThrow().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hold on " + seat + " did not expire within " + patience);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
