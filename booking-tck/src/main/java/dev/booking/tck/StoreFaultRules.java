package dev.booking.tck;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bodies of rules 25 and 26 of {@link SeatLifecycleContract}: a race of bookings and claims
 * while the store's {@link StoreFaults} hook makes writes fail or loses their replies, followed by an
 * audit of every answer against what the store holds once healed.
 *
 * <p>Each caller books or claims two seats, one after the other: a seat of its own, which no other
 * caller asks for, so that the only right answers are success or an exception; and a seat shared
 * with three other callers, of which at most one may be told it won. After the race the hook is
 * healed, every call that threw is repeated once (the same user, the same request and so the same
 * reference for claims), and then every seat is read. No rule releases a seat or lets a hold expire,
 * so whoever the store shows as owner has owned the seat since its write.
 */
final class StoreFaultRules {

    /** Long enough never to expire during a rule. */
    private static final Duration LONG_HOLD = Duration.ofMinutes(30);

    /** Callers per shared seat. */
    private static final int CONTENDERS = 4;

    /** The fault a rule arms at the start of each race. */
    enum Fault {
        FAILED_COMMITS, LOST_ACKNOWLEDGEMENTS
    }

    private final SeatRepository repository;
    private final StoreFaults faults;
    private final ShowId show;
    private final TckSettings settings;

    StoreFaultRules(SeatRepository repository, StoreFaults faults, ShowId show, TckSettings settings) {
        this.repository = repository;
        this.faults = faults;
        this.show = show;
        this.settings = settings;
    }

    /**
     * The hook of {@code contract}, or aborts the rule as not applicable, saying so on stderr as
     * well: a skipped rule is easily overlooked in a build log, and a store that was never tested
     * under faults must not look as if it passed.
     */
    static StoreFaults hookOrAbort(Optional<StoreFaults> hook, int rule, Object contract) {
        if (hook.isEmpty()) {
            String notApplicable = "booking-tck: Rule " + rule + " NOT APPLICABLE to " + contract.getClass().getName()
                    + ": the store supplies no StoreFaults hook (override faults())";
            System.err.println(notApplicable);
            Assumptions.abort(notApplicable);
        }
        return hook.get();
    }

    /** One call of the race: a booking ({@code request == null}) or a one-seat claim. */
    private record Call(int caller, SeatId seat, UserId user, ClaimRequest request, boolean ownSeat) {

        Object send(SeatRepository repository) {
            return request == null ? repository.tryBook(seat, user) : repository.claim(request);
        }

        String describe() {
            String call = request == null ? "tryBook(" + seat + ", " + user + ")"
                    : "claim(" + (request.isHold() ? "hold " : "book ") + seat + " for " + user + " under "
                    + request.reference() + ")";
            return call + (ownSeat ? " on a seat no other caller asked for" : " on a seat shared by "
                    + CONTENDERS + " callers");
        }
    }

    /** What a call came back with: {@code result}, or {@code failure} if it threw. */
    private record Answer(Call call, Object result, Throwable failure) {
    }

    /** A user told that a seat is theirs, under which reference and in which status. */
    private record Acknowledged(UserId user, BookingReference reference, SeatStatus status, String how) {
    }

    /**
     * Runs {@link TckSettings#rounds()} audited races with {@code fault} armed at each start, and
     * requires that the hook fired at least once.
     */
    void run(Fault fault, String rule) {
        int callers = Math.max(CONTENDERS, Math.min(settings.racers(), 12 * CONTENDERS));
        int armed = callers / 2; // of 2 * callers writes: faults hit early, middle and late ones
        long injectedBefore = faults.injected();
        for (int round = 0; round < settings.rounds(); round++) {
            String prefix = "F" + round + "-";
            List<List<Call>> calls = calls(prefix, callers);
            repository.addSeats(show, calls.stream().flatMap(List::stream).map(c -> c.seat().number()).distinct().toList());

            List<Race.Attempt<List<Answer>>> attempts;
            try {
                attempts = Race.run(callers, caller -> () -> send(calls.get(caller)), settings.timeout(),
                        () -> arm(fault, armed));
            } finally {
                faults.heal();
            }
            assertThat(Attempts.failures(attempts)).as("%s, round %d: failures outside the calls", rule, round).isEmpty();
            List<Answer> answers = Attempts.values(attempts).stream().flatMap(List::stream).toList();
            List<String> problems = audit(answers);
            assertThat(problems).as("%s, round %d (%s armed for %d writes of %d callers): every answer against the"
                    + " store once healed", rule, round, fault, armed, callers).isEmpty();
        }
        assertThat(faults.injected() - injectedBefore)
                .as("%s: faults the StoreFaults hook reports as fired during the rule (a hook that never fires"
                        + " proves nothing)", rule)
                .isPositive();
    }

    private void arm(Fault fault, int n) {
        switch (fault) {
            case FAILED_COMMITS -> faults.failNextCommits(n);
            case LOST_ACKNOWLEDGEMENTS -> faults.loseNextAcknowledgements(n);
        }
    }

    /** Caller {@code c}'s two calls: its own seat, then a seat it shares; bookings, booking claims and holds. */
    private List<List<Call>> calls(String prefix, int callers) {
        return IntStream.range(0, callers).mapToObj(caller -> {
            UserId user = UserId.of("faulted-" + caller);
            SeatId own = show.seat(prefix + "own-" + caller);
            SeatId shared = show.seat(prefix + "shared-" + caller / CONTENDERS);
            return List.of(call(caller, own, user, true), call(caller, shared, user, false));
        }).toList();
    }

    private Call call(int caller, SeatId seat, UserId user, boolean ownSeat) {
        ClaimRequest request = switch (caller % 3) {
            case 0 -> null;
            case 1 -> ClaimRequest.book(show, user, seat.number());
            default -> ClaimRequest.hold(show, user, LONG_HOLD, seat.number());
        };
        return new Call(caller, seat, user, request, ownSeat);
    }

    private List<Answer> send(List<Call> calls) {
        List<Answer> answers = new ArrayList<>(calls.size());
        for (Call call : calls) {
            answers.add(answer(call));
        }
        return answers;
    }

    private Answer answer(Call call) {
        try {
            return new Answer(call, call.send(repository), null);
        } catch (RuntimeException e) {
            return new Answer(call, null, e);
        }
    }

    /**
     * Checks each answer's shape, repeats each call that threw, then holds every answer against the
     * stored seats.
     */
    private List<String> audit(List<Answer> answers) {
        List<String> problems = new ArrayList<>();
        Map<SeatId, List<Acknowledged>> acknowledged = new HashMap<>();
        Map<SeatId, Set<UserId>> refused = new HashMap<>();
        Map<SeatId, Set<UserId>> askers = new HashMap<>();
        List<Call> thrown = new ArrayList<>();
        for (Answer answer : answers) {
            askers.computeIfAbsent(answer.call().seat(), s -> new LinkedHashSet<>()).add(answer.call().user());
            if (answer.failure() != null) {
                if (!(answer.failure() instanceof BookingException)) {
                    problems.add(answer.call().describe() + " threw " + answer.failure()
                            + ": a failure of the store must be a BookingException");
                }
                thrown.add(answer.call());
            } else {
                classify(answer, "answered", problems, acknowledged, refused);
            }
        }
        // the store is healed: each unknown outcome must be settled by sending the same call again
        for (Call call : thrown) {
            Answer repeat = answer(call);
            if (repeat.failure() != null) {
                problems.add(call.describe() + " threw, and its repeat after heal() threw too: " + repeat.failure());
            } else {
                classify(repeat, "threw, and its repeat after heal() answered", problems, acknowledged, refused);
            }
        }
        for (Map.Entry<SeatId, Set<UserId>> seat : askers.entrySet()) {
            checkStored(seat.getKey(), seat.getValue(), acknowledged.getOrDefault(seat.getKey(), List.of()),
                    refused.getOrDefault(seat.getKey(), Set.of()), problems);
        }
        return problems;
    }

    /** Sorts one answer into an acknowledgement or a refusal, or reports it as impossible. */
    private static void classify(Answer answer, String verb, List<String> problems,
                                 Map<SeatId, List<Acknowledged>> acknowledged, Map<SeatId, Set<UserId>> refused) {
        Call call = answer.call();
        Object result = answer.result();
        String said = call.describe() + " " + verb + " " + result;
        Optional<Acknowledged> success = success(call, result);
        if (success.isPresent()) {
            acknowledged.computeIfAbsent(call.seat(), s -> new ArrayList<>()).add(success.get());
            return;
        }
        boolean lost = result instanceof BookingResult.Taken taken && taken.seat().equals(call.seat())
                || result instanceof ClaimResult.Unavailable unavailable && unavailable.seats().equals(List.of(call.seat()));
        if (!lost) {
            problems.add(said + ", which is no answer to this call (wrong seat, user, reference or status)");
        } else if (call.ownSeat()) {
            problems.add(said + ": no other caller asked for this seat, so a failure was reported as contention");
        } else {
            refused.computeIfAbsent(call.seat(), s -> new LinkedHashSet<>()).add(call.user());
        }
    }

    /** The acknowledgement {@code result} makes to {@code call}, if it is a success that fits the call. */
    private static Optional<Acknowledged> success(Call call, Object result) {
        String how = call.describe() + " answered " + result;
        if (call.request() == null) {
            if (result instanceof BookingResult.Booked booked && booked.seat().equals(call.seat())
                    && booked.owner().equals(call.user())) {
                return Optional.of(new Acknowledged(call.user(), booked.reference(), SeatStatus.BOOKED, how));
            }
            if (result instanceof BookingResult.AlreadyYours mine && mine.seat().equals(call.seat())
                    && mine.owner().equals(call.user())) {
                return Optional.of(new Acknowledged(call.user(), mine.reference(), null, how));
            }
            return Optional.empty();
        }
        if (result instanceof ClaimResult.Claimed claimed && claimed.owner().equals(call.user())
                && claimed.reference().equals(call.request().reference())
                && claimed.seats().equals(List.of(call.seat())) && claimed.status() == call.request().targetStatus()) {
            return Optional.of(new Acknowledged(call.user(), claimed.reference(), claimed.status(), how));
        }
        return Optional.empty();
    }

    /**
     * The seat as stored must agree with every answer about it: at most one user told it is theirs,
     * and the store shows exactly that user, under the reference and in the status they were told;
     * every caller refused sees someone else there; and nobody owns it who was not told so.
     */
    private void checkStored(SeatId seat, Set<UserId> askers, List<Acknowledged> acknowledged, Set<UserId> refused,
                             List<String> problems) {
        Optional<SeatState> read = repository.findSeat(seat);
        if (read.isEmpty()) {
            problems.add(seat + " is missing from the store");
            return;
        }
        SeatState stored = read.get();
        Set<UserId> owners = new LinkedHashSet<>();
        acknowledged.forEach(a -> owners.add(a.user()));
        if (owners.size() > 1) {
            problems.add(seat + " was acknowledged to " + owners.size() + " users: " + acknowledged);
        }
        for (Acknowledged told : acknowledged) {
            boolean kept = told.user().equals(stored.owner()) && told.reference().equals(stored.reference())
                    && (told.status() == null ? !stored.isEmpty() : told.status() == stored.status());
            if (!kept) {
                problems.add(told.how() + ", but the seat reads " + stored + " afterwards: an acknowledged write is"
                        + " missing (a failed commit reported as success, or an acknowledged write lost)");
            }
        }
        for (UserId loser : refused) {
            if (stored.owner() == null || stored.owner().equals(loser)) {
                problems.add(seat + " was refused to " + loser + " as someone else's, but reads " + stored
                        + " afterwards: a failure reported as contention");
            }
        }
        if (stored.owner() != null && !owners.contains(stored.owner())) {
            problems.add(seat + " reads " + stored + " afterwards, but " + (askers.contains(stored.owner())
                    ? stored.owner() + " was never told it is theirs, not even when the call was repeated"
                    : "no caller asked for it for " + stored.owner()));
        }
    }
}
