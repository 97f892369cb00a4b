package dev.booking.tck.line;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.StatusCodec;
import dev.booking.tck.Race;
import dev.booking.tck.TckSettings;
import dev.booking.tck.outbox.OutboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules every shared line must follow, whatever its broker. A broker module's test extends this
 * class and supplies a {@link LineFixture}; JUnit then runs every rule against it:
 *
 * <pre>{@code
 * class RedisLineCompatibilityTest extends SharedLineContract {
 *     @Override
 *     protected LineFixture fixture() {
 *         return new RedisLineFixture(...);   // created once per class, closed by the kit
 *     }
 * }
 * }</pre>
 *
 * <p>Isolation: every rule works on a line and shows of its own with random names, so rules need
 * no cleanup between them; the kit closes the workers and transports each rule opened.
 *
 * <p>The rules (each test method's name starts with its rule number; the issue's "what must hold"):
 * <ol>
 *   <li>L1: {@link TckSettings#racers()} tickets for one seat, submitted from many threads through
 *       two instances and decided by four in-process workers on two instances, plus two worker
 *       processes of two threads where the fixture has {@link LineFixture#processes() processes}:
 *       exactly one {@code Booked}, every other {@code Refused(TAKEN)}, every ticket final, and the
 *       store shows the seat owned by the winner under its ticket's reference.</li>
 *   <li>L2: order. Requests of one show queued before a worker starts are decided in the order the
 *       line accepted them (the first accepted request for a free seat gets it), and every accepted
 *       ticket reads queued at once from another instance; different shows on different partitions
 *       proceed in parallel: a worker stuck on one show does not stop the other.</li>
 *   <li>L3: one final outcome. A final status never changes, as seen by pollers on three instances
 *       during and after the decisions; a request delivered again after it was decided (the same
 *       envelope appended once more) changes neither its status nor the store, even when its seat
 *       has become free meanwhile; the same idempotency key, from any instance and any number of
 *       racing threads, answers one ticket and makes one claim; and the ledger itself settles a
 *       ticket once, whatever other outcomes racing instances settle after it.</li>
 *   <li>L4: crash recovery. A worker killed in the middle of a partition's requests (a worker
 *       process killed with SIGKILL, or, where there are no processes, an instance whose
 *       transport is closed under its workers) is replaced by a standby worker: every ticket
 *       final, the first accepted request of each seat still wins, nothing decided twice (each
 *       booked seat belongs to exactly one {@code Booked} ticket, under its reference). The
 *       takeover time (kill to the next ticket settled) is printed and must stay under 30 s. A
 *       request whose decision always fails ends {@code Failed} after the workers' attempts, and
 *       the requests behind it still proceed.</li>
 *   <li>L5: broker faults (only with {@link LineFixture#faults()}; otherwise aborted as not
 *       applicable, saying so on stderr). Connections dropped during submits and decisions:
 *       every accepted ticket final, nothing lost, no seat double-booked. A broker restart:
 *       every ticket accepted before or during it becomes final afterwards; a submit during the
 *       restart answers accepted, busy or a {@link BookingException}, never accepted and then
 *       lost.</li>
 *   <li>L6: bad input and abuse. Invalid submits throw {@link IllegalArgumentException} naming the
 *       field and queue nothing; unknown and malformed ticket ids answer {@code Unknown}; a burst
 *       far past a small capacity is answered busy, never accepts more than the capacity, and the
 *       accepted tickets become final once workers run; 1000 tickets (with idempotency keys, so the
 *       ledger's binding is tested too) are distinct, 22 characters, and spread over the
 *       alphabet; a refusal names nobody.</li>
 *   <li>L7: notices (on the store and outbox of {@link LineFixture#outboxed()}, the workers with
 *       {@link LineWorkers.Builder#notices} on). The race of L1 through two instances and four
 *       workers: exactly one notice per ticket, one {@code BOOKED} for the winner and
 *       {@code REFUSED} ({@code TAKEN}) for every other, each for its own ticket's user, reference
 *       and seat. A worker that settles a batch and dies before its notices are written (its
 *       outbox answers the first write as lost, then fails) leaves them to the standby that gets
 *       the requests again: still exactly one notice per ticket, none lost and none doubled.</li>
 *   <li>L8: the backlog ({@link LineTransport#backlog}; aborted as not applicable, saying so on
 *       stderr, where the transport cannot tell it). Five requests submitted with no worker
 *       running: the backlogs of the line's partitions come to five in all (within the deadline:
 *       a transport may count from a view that lags), each partition's own requests in its own
 *       backlog, with a known age never negative; once workers have made every ticket final, the
 *       backlogs come to zero.</li>
 * </ol>
 *
 * <p>Race sizes and the deadline come from {@link TckSettings} ({@code booking.tck.racers},
 * {@code booking.tck.timeout.seconds}); the deadline for every ticket to be final is that timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SharedLineContract {

    /** The bound on a takeover that rule L4 asserts; the broker modules document their own, lower one. */
    public static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

    /** The settings this run uses. */
    protected final TckSettings settings = TckSettings.fromEnvironment();

    private LineFixture fixture;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    /** For subclasses. */
    protected SharedLineContract() {
    }

    /**
     * The fixture of the line under test; called once per test class.
     *
     * @return the fixture, closed by the kit after the class's rules
     */
    protected abstract LineFixture fixture();

    @BeforeAll
    void openFixture() {
        fixture = fixture();
    }

    @AfterAll
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void closeWhatTheRuleOpened() throws Exception {
        // workers and processes first (added after their transports), then the transports
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (RuntimeException alreadyBroken) {
                // a transport a rule broke on purpose may fail to close again
            }
        }
        toClose.clear();
    }

    // ------------------------------------------------------------------------------------------ L1

    @Test
    @DisplayName("Rule L1: one seat, many racers through 2+ instances and 4+ workers: one Booked, all others Refused(TAKEN)")
    void l1_oneSeatManyRacersExactlyOneBookedAndEveryTicketFinal() {
        int racers = settings.racers();
        String name = lineName("l1");
        ShowId show = show("l1");
        fixture.seats().addSeats(show, List.of("A1"));
        long capacity = Math.max(10_000, 2L * racers);
        LineTransport first = open(name, 4, capacity);
        LineTransport second = open(name, 4, capacity);
        List<SharedLine> instances = List.of(SharedLine.builder(first).build(), SharedLine.builder(second).build());
        workers(first, fixture.seats(), 2);
        workers(second, fixture.seats(), 2);
        fixture.processes().ifPresent(processes -> {
            startReady(processes, name, 4, capacity, 2);
            startReady(processes, name, 4, capacity, 2);
        });

        List<Race.Attempt<SubmitResult>> attempts = Race.run(racers, i -> () -> instances.get(i % 2)
                .submit(ClaimRequest.book(show, UserId.of("racer-" + i), "A1")), settings.timeout());
        Map<Ticket, UserId> users = new HashMap<>();
        for (Race.Attempt<SubmitResult> attempt : attempts) {
            assertThat(attempt.failure()).as("submit of racer %d threw", attempt.caller()).isNull();
            assertThat(attempt.value()).as("submit of racer %d (the line holds %d)", attempt.caller(), capacity)
                    .isInstanceOf(SubmitResult.Accepted.class);
            users.put(((SubmitResult.Accepted) attempt.value()).ticket(), UserId.of("racer-" + attempt.caller()));
        }
        assertThat(users).as("distinct tickets").hasSize(racers);

        Map<Ticket, TicketStatus> finals = awaitFinal(second, users.keySet());
        List<Ticket> booked = ticketsWhere(finals, s -> s instanceof TicketStatus.Booked);
        assertThat(booked).as("Booked tickets (winners of one seat) among %d", racers).hasSize(1);
        assertThat(ticketsWhere(finals, s -> s.equals(new TicketStatus.Refused(TicketStatus.Reason.TAKEN))))
                .as("Refused(TAKEN) tickets").hasSize(racers - 1);
        Ticket winner = booked.get(0);
        TicketStatus.Booked won = (TicketStatus.Booked) finals.get(winner);
        assertThat(won.claim().owner()).as("the winner's claim names the winner").isEqualTo(users.get(winner));
        assertThat(won.claim().reference()).isEqualTo(SharedLine.referenceFor(winner));
        SeatState stored = fixture.seats().findSeat(show.seat("A1")).orElseThrow();
        assertThat(stored.owner()).as("the stored owner").isEqualTo(users.get(winner));
        assertThat(stored.reference()).as("the stored reference").isEqualTo(SharedLine.referenceFor(winner));
        assertThat(instances.get(0).status(winner)).as("the winner as the other instance sees it").isEqualTo(won);
    }

    // ------------------------------------------------------------------------------------------ L2

    @Test
    @DisplayName("Rule L2a: one show's requests are decided in the order the line accepted them")
    void l2a_requestsOfOneShowAreDecidedInAcceptanceOrder() {
        String name = lineName("l2a");
        ShowId show = show("l2a");
        List<String> numbers = IntStream.range(0, 10).mapToObj(i -> "S" + i).toList();
        fixture.seats().addSeats(show, numbers);
        LineTransport front = open(name, 2, 10_000);
        LineTransport other = open(name, 2, 10_000);
        SharedLine line = SharedLine.builder(front).build();
        SharedLine elsewhere = SharedLine.builder(other).build();

        // three rounds over the seats, all queued before any worker runs, so order is the line's alone
        Map<Ticket, String> seatOf = new LinkedHashMap<>();
        Map<Ticket, Integer> roundOf = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (String number : numbers) {
                Ticket ticket = accepted(line.submit(ClaimRequest.book(show, UserId.of("r" + round + "-" + number), number)));
                seatOf.put(ticket, number);
                roundOf.put(ticket, round);
                TicketStatus seen = elsewhere.status(ticket);
                assertThat(seen).as("an accepted ticket as another instance sees it before any worker runs")
                        .isInstanceOf(TicketStatus.Queued.class);
            }
        }
        workers(front, fixture.seats(), 1);

        Map<Ticket, TicketStatus> finals = awaitFinal(other, seatOf.keySet());
        seatOf.forEach((ticket, number) -> {
            boolean first = roundOf.get(ticket) == 0;
            assertThat(finals.get(ticket)).as("round %d's request for %s (the first accepted must win)",
                    roundOf.get(ticket), number).isInstanceOf(first ? TicketStatus.Booked.class : TicketStatus.Refused.class);
        });
        for (String number : numbers) {
            assertThat(fixture.seats().findSeat(show.seat(number)).orElseThrow().owner())
                    .as("owner of %s", number).isEqualTo(UserId.of("r0-" + number));
        }
    }

    @Test
    @DisplayName("Rule L2b: different shows on different partitions proceed in parallel")
    void l2b_aWorkerStuckOnOneShowDoesNotStopAnother() throws InterruptedException {
        String name = lineName("l2b");
        LineTransport transport = open(name, 2, 10_000);
        ShowId stuck = show("l2b-stuck");
        ShowId moving = show("l2b-moving");
        while (transport.partitionOf(moving) == transport.partitionOf(stuck)) {
            moving = show("l2b-moving");
        }
        List<String> numbers = IntStream.range(0, 20).mapToObj(i -> "M" + i).toList();
        fixture.seats().addSeats(stuck, numbers);
        fixture.seats().addSeats(moving, numbers);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean blocking = new AtomicBoolean();
        ShowId stuckShow = stuck;
        SeatRepository store = intercepting(fixture.seats(), request -> {
            if (blocking.get() && request.show().equals(stuckShow)) {
                entered.countDown();
                awaitQuietly(letGo);
            }
            return null;
        });
        SharedLine line = SharedLine.builder(transport).build();
        workers(transport, store, 2);
        // warm up: both workers have polled and share the partitions before one gets stuck
        for (int round = 0; round < 3; round++) {
            awaitFinal(transport, List.of(
                    accepted(line.submit(ClaimRequest.book(stuck, UserId.of("warm-" + round), "M" + round))),
                    accepted(line.submit(ClaimRequest.book(moving, UserId.of("warm-" + round), "M" + round)))));
        }

        blocking.set(true);
        Ticket held = accepted(line.submit(ClaimRequest.book(stuck, UserId.of("held"), "M10")));
        try {
            assertThat(entered.await(settings.timeout().toSeconds(), TimeUnit.SECONDS))
                    .as("a worker took the stuck show's request").isTrue();
            List<Ticket> others = new ArrayList<>();
            for (int i = 10; i < 20; i++) {
                others.add(accepted(line.submit(ClaimRequest.book(moving, UserId.of("mover-" + i), "M" + i))));
            }
            Map<Ticket, TicketStatus> finals = awaitFinal(transport, others);
            assertThat(finals.values()).as("the other show's tickets while one worker is stuck")
                    .allMatch(s -> s instanceof TicketStatus.Booked);
        } finally {
            letGo.countDown();
        }
        assertThat(awaitFinal(transport, List.of(held)).get(held)).isInstanceOf(TicketStatus.Booked.class);
    }

    // ------------------------------------------------------------------------------------------ L3

    @Test
    @DisplayName("Rule L3a: a final status never changes, as seen from several instances during and after the decisions")
    void l3a_aFinalStatusNeverChanges() throws InterruptedException {
        String name = lineName("l3a");
        ShowId show = show("l3a");
        List<String> numbers = IntStream.range(0, 20).mapToObj(i -> "F" + i).toList();
        fixture.seats().addSeats(show, numbers);
        List<LineTransport> instances = List.of(open(name, 2, 10_000), open(name, 2, 10_000), open(name, 2, 10_000));
        workers(instances.get(0), fixture.seats(), 2);
        SharedLine line = SharedLine.builder(instances.get(1)).build();
        List<Ticket> tickets = new CopyOnWriteArrayList<>();
        // a final status as first seen, and when: a read that began after that must answer the same
        Map<Ticket, Seen> firstSeen = new ConcurrentHashMap<>();
        List<String> changes = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        List<Thread> pollers = new ArrayList<>();
        for (LineTransport instance : instances) {
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    List<Ticket> now = List.copyOf(tickets);
                    if (now.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    checkUnchanged(instance, now, firstSeen, changes);
                }
            }, "tck-l3-poller");
            poller.setDaemon(true);
            pollers.add(poller);
            poller.start();
        }
        try {
            for (int i = 0; i < 200; i++) {
                tickets.add(accepted(line.submit(ClaimRequest.book(show, UserId.of("u" + (i % 7)), numbers.get(i % 20)))));
            }
            awaitFinal(instances.get(2), tickets);
            // and a while after: every poller goes over every ticket a few more times
            for (int i = 0; i < 5; i++) {
                for (LineTransport instance : instances) {
                    checkUnchanged(instance, tickets, firstSeen, changes);
                }
            }
        } finally {
            polling.set(false);
            for (Thread poller : pollers) {
                poller.join(settings.timeout().toMillis());
            }
        }
        assertThat(changes).as("final statuses that changed").isEmpty();
    }

    private record Seen(TicketStatus status, long atNanos) {
    }

    private static void checkUnchanged(LineTransport instance, List<Ticket> tickets, Map<Ticket, Seen> firstSeen,
                                       List<String> changes) {
        long readStart = System.nanoTime();
        instance.ledger().statuses(tickets).forEach((ticket, status) -> {
            Seen before = firstSeen.get(ticket);
            if (before != null && before.atNanos() - readStart < 0 && !before.status().equals(status)) {
                changes.add(ticket + ": " + before.status() + ", then a later read " + status);
            } else if (status.isFinal()) {
                Seen first = firstSeen.putIfAbsent(ticket, new Seen(status, System.nanoTime()));
                if (first != null && !first.status().equals(status)) {
                    changes.add(ticket + ": " + first.status() + " and also " + status);
                }
            }
        });
    }

    @Test
    @DisplayName("Rule L3b: a request delivered again after its decision finds it: status and store unchanged")
    void l3b_aRedeliveredRequestIsNotDecidedAgain() {
        String name = lineName("l3b");
        ShowId show = show("l3b");
        fixture.seats().addSeats(show, List.of("B1", "B2"));
        LineTransport transport = open(name, 1, 10_000);
        SharedLine line = SharedLine.builder(transport).build();
        workers(transport, fixture.seats(), 1);

        ClaimRequest winning = ClaimRequest.book(show, UserId.of("winner"), "B1");
        Ticket won = accepted(line.submit(winning));
        ClaimRequest losing = ClaimRequest.book(show, UserId.of("loser"), "B1");
        Ticket lost = accepted(line.submit(losing));
        Map<Ticket, TicketStatus> before = awaitFinal(transport, List.of(won, lost));
        assertThat(before.get(won)).isInstanceOf(TicketStatus.Booked.class);
        assertThat(before.get(lost)).isEqualTo(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));

        // the seat becomes free: a refused request decided again would now win it
        assertThat(fixture.seats().release(SharedLine.referenceFor(won), UserId.of("winner")))
                .isInstanceOf(dev.booking.core.ReleaseResult.Released.class);
        int partition = transport.partitionOf(show);
        for (Ticket ticket : List.of(won, lost)) {
            ClaimRequest request = ticket.equals(won) ? winning : losing;
            assertThat(transport.append(partition, new Envelope(ticket, request.withReference(SharedLine.referenceFor(ticket)),
                    Instant.now()))).isInstanceOf(LineTransport.AppendResult.Appended.class);
        }
        Ticket marker = accepted(line.submit(ClaimRequest.book(show, UserId.of("marker"), "B2")));
        awaitFinal(transport, List.of(marker)); // in order: the repeats are behind us

        assertThat(line.status(won)).as("the winner's status after its request came again").isEqualTo(before.get(won));
        assertThat(line.status(lost)).as("the refused status after its request came again").isEqualTo(before.get(lost));
        assertThat(fixture.seats().findSeat(show.seat("B1")).orElseThrow().isEmpty())
                .as("B1, released, after both requests came again (a refused request decided twice would hold it)")
                .isTrue();
    }

    @Test
    @DisplayName("Rule L3c: one idempotency key from any instance and racing threads answers one ticket and makes one claim")
    void l3c_oneIdempotencyKeyOneTicketOneDecision() {
        String name = lineName("l3c");
        ShowId show = show("l3c");
        fixture.seats().addSeats(show, List.of("K1"));
        List<SharedLine> instances = List.of(SharedLine.builder(open(name, 2, 10_000)).build(),
                SharedLine.builder(open(name, 2, 10_000)).build());
        String key = "order-" + UUID.randomUUID();
        ClaimRequest request = ClaimRequest.book(show, UserId.of("ann"), "K1");

        List<Race.Attempt<SubmitResult>> attempts = Race.run(16, i -> () -> instances.get(i % 2).submit(request, key),
                settings.timeout());
        Set<Ticket> tickets = new HashSet<>();
        for (Race.Attempt<SubmitResult> attempt : attempts) {
            assertThat(attempt.failure()).as("submit %d threw", attempt.caller()).isNull();
            tickets.add(accepted(attempt.value()));
        }
        assertThat(tickets).as("tickets for one key").hasSize(1);
        Ticket ticket = tickets.iterator().next();
        LineTransport deciding = open(name, 2, 10_000);
        workers(deciding, fixture.seats(), 1);
        assertThat(awaitFinal(deciding, tickets).get(ticket)).isInstanceOf(TicketStatus.Booked.class);

        SubmitResult again = instances.get(1).submit(request, key);
        assertThat(again).as("a retry after the decision").isEqualTo(new SubmitResult.Accepted(ticket, true));
        Ticket marker = accepted(instances.get(0).submit(ClaimRequest.book(show, UserId.of("bob"), "K1")));
        assertThat(awaitFinal(deciding, List.of(marker)).get(marker))
                .isEqualTo(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
        assertThat(instances.get(0).status(ticket)).isInstanceOf(TicketStatus.Booked.class);
        assertThat(fixture.seats().findSeat(show.seat("K1")).orElseThrow().reference())
                .isEqualTo(SharedLine.referenceFor(ticket));
    }

    @Test
    @DisplayName("Rule L3d: the ledger settles a ticket once: racing settles from several instances all get the first outcome back")
    void l3d_theLedgerSettlesATicketOnce() {
        String name = lineName("l3d");
        ShowId show = show("l3d");
        List<LineTransport> instances = List.of(open(name, 1, 100), open(name, 1, 100), open(name, 1, 100));
        Ticket ticket = Ticket.random();
        assertThat(instances.get(0).append(0, new Envelope(ticket,
                ClaimRequest.book(show, UserId.of("ann"), "A1").withReference(SharedLine.referenceFor(ticket)), Instant.now())))
                .isInstanceOf(LineTransport.AppendResult.Appended.class);
        List<Race.Attempt<TicketStatus>> attempts = Race.run(12, i -> () -> instances.get(i % 3).ledger()
                .settle(0, Map.of(ticket, new TicketStatus.Failed("outcome " + i))).get(ticket), settings.timeout());
        Set<TicketStatus> standing = new HashSet<>();
        for (Race.Attempt<TicketStatus> attempt : attempts) {
            assertThat(attempt.failure()).as("settle %d threw", attempt.caller()).isNull();
            standing.add(attempt.value());
        }
        assertThat(standing).as("the outcomes that 12 racing settles were told stands").hasSize(1);
        TicketStatus first = standing.iterator().next();
        assertThat(instances.get(1).ledger().settle(0, Map.of(ticket, new TicketStatus.Refused(TicketStatus.Reason.TAKEN))))
                .as("a later settle").isEqualTo(Map.of(ticket, first));
        for (LineTransport instance : instances) {
            assertThat(instance.ledger().status(ticket)).as("the status after every settle").isEqualTo(first);
        }
    }

    // ------------------------------------------------------------------------------------------ L4

    @Test
    @DisplayName("Rule L4a: a worker killed mid-batch is replaced: every ticket final, first accepted wins, nothing decided twice")
    void l4a_aKilledWorkersPartitionIsTakenOver() throws InterruptedException {
        String name = lineName("l4a");
        ShowId show = show("l4a");
        List<String> numbers = IntStream.range(0, 100).mapToObj(i -> "P" + i).toList();
        fixture.seats().addSeats(show, numbers);
        long capacity = 10_000;
        LineTransport front = open(name, 1, capacity);
        SharedLine line = SharedLine.builder(front).build();
        // enough that the dying worker is still busy when it dies, on any store
        int requests = 2000;

        Runnable kill;
        Optional<WorkerProcesses> processes = fixture.processes();
        if (processes.isPresent()) {
            WorkerProcess dying = startReady(processes.get(), name, 1, capacity, 1);
            kill = dying::kill;
        } else {
            // no processes: an instance whose connection goes away under its workers, which are never closed
            LineTransport dying = fixture.open(name, 1, capacity);
            toClose.add(dying);
            LineWorkers abandoned = LineWorkers.builder(dying, slow(fixture.seats())).threads(1).batchSize(50)
                    .pollWait(Duration.ofMillis(50)).workerName("tck-dying").build().start();
            toClose.add(abandoned);
            kill = dying::close;
        }
        List<Ticket> tickets = new CopyOnWriteArrayList<>();
        int settledAtKill = -1;
        long killedAt = 0;
        CompletableFuture<Long> nextSettled = null;
        for (int i = 0; i < requests; i++) {
            tickets.add(accepted(line.submit(ClaimRequest.book(show, UserId.of("u" + i), numbers.get(i % 100)))));
            if (i == 0) {
                awaitCount(front, tickets, 1); // the dying worker is deciding
                workers(open(name, 1, capacity), fixture.seats(), 1); // a standby waits for the partition
            }
            if (i == requests / 2) { // half the line accepted, the dying worker busy with it: kill it
                int settled = finalCount(front, List.copyOf(tickets));
                settledAtKill = settled;
                killedAt = System.nanoTime();
                kill.run();
                nextSettled = CompletableFuture.supplyAsync(() -> {
                    long giveUp = System.nanoTime() + settings.timeout().toNanos();
                    while (finalCount(front, List.copyOf(tickets)) <= settled && System.nanoTime() - giveUp < 0) {
                        sleep(5);
                    }
                    return System.nanoTime();
                });
            }
        }
        long takeoverMillis = (nextSettled.join() - killedAt) / 1_000_000;
        System.err.printf("booking-tck: Rule L4 on %s: takeover %d ms (kill to the next ticket settled; %d of %d were final at the kill)%n",
                fixture.backendName(), takeoverMillis, settledAtKill, requests / 2 + 1);

        Map<Ticket, TicketStatus> finals = awaitFinal(front, tickets);
        assertThat(takeoverMillis).as("takeover time in ms").isLessThan(TAKEOVER_BOUND.toMillis());
        for (int i = 0; i < requests; i++) {
            TicketStatus status = finals.get(tickets.get(i));
            assertThat(status).as("request %d for %s (the first accepted for a seat wins)", i, numbers.get(i % 100))
                    .isInstanceOf(i < 100 ? TicketStatus.Booked.class : TicketStatus.Refused.class);
        }
        for (int i = 0; i < 100; i++) {
            SeatState seat = fixture.seats().findSeat(show.seat(numbers.get(i))).orElseThrow();
            assertThat(seat.owner()).as("owner of %s", numbers.get(i)).isEqualTo(UserId.of("u" + i));
            assertThat(seat.reference()).as("reference of %s", numbers.get(i)).isEqualTo(SharedLine.referenceFor(tickets.get(i)));
        }
    }

    @Test
    @DisplayName("Rule L4b: a request whose decision always fails ends Failed after bounded attempts; the line goes on")
    void l4b_aPoisonRequestFailsAndTheLineGoesOn() {
        String name = lineName("l4b");
        ShowId show = show("l4b");
        fixture.seats().addSeats(show, List.of("POISON", "G1", "G2", "G3"));
        LineTransport transport = open(name, 1, 10_000);
        SharedLine line = SharedLine.builder(transport).build();
        SeatRepository store = intercepting(fixture.seats(), request -> {
            if (request.seatNumbers().contains("POISON")) {
                // not a BookingException: that is a store outage, which workers wait out without counting attempts
                throw new IllegalStateException("this request always fails (the kit's poison)");
            }
            return null;
        });
        Ticket poison = accepted(line.submit(ClaimRequest.book(show, UserId.of("p"), "POISON")));
        List<Ticket> behind = new ArrayList<>();
        for (String number : List.of("G1", "G2", "G3")) {
            behind.add(accepted(line.submit(ClaimRequest.book(show, UserId.of("g"), number))));
        }
        track(LineWorkers.builder(transport, store).threads(1).maxAttempts(3).pollWait(Duration.ofMillis(50))
                .workerName("tck-l4b").build().start());

        List<Ticket> all = new ArrayList<>(behind);
        all.add(poison);
        Map<Ticket, TicketStatus> finals = awaitFinal(transport, all);
        assertThat(finals.get(poison)).as("the poison request").isInstanceOf(TicketStatus.Failed.class);
        assertThat(behind).as("the requests behind it").allMatch(t -> finals.get(t) instanceof TicketStatus.Booked);
        assertThat(fixture.seats().findSeat(show.seat("POISON")).orElseThrow().isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------------------------------ L5

    @Test
    @DisplayName("Rule L5a: connections dropped during submits and decisions: every accepted ticket final, nothing lost")
    void l5a_droppedConnectionsLoseNothing() throws InterruptedException {
        BrokerFaults faults = faultsOrAbort("L5a");
        String name = lineName("l5a");
        ShowId show = show("l5a");
        List<String> numbers = IntStream.range(0, 40).mapToObj(i -> "D" + i).toList();
        fixture.seats().addSeats(show, numbers);
        LineTransport deciding = open(name, 2, 10_000);
        LineTransport front = open(name, 2, 10_000);
        workers(deciding, fixture.seats(), 2);
        SharedLine line = SharedLine.builder(front).build();
        int requests = 400;
        Map<Integer, Ticket> accepted = new ConcurrentHashMap<>();
        AtomicInteger submitted = new AtomicInteger();
        List<Race.Attempt<Object>> attempts = Race.run(5, caller -> () -> {
            if (caller == 4) { // the fault, once the stream is flowing
                while (submitted.get() < requests / 4) {
                    Thread.sleep(1);
                }
                faults.dropConnections();
                return null;
            }
            for (int i = caller; i < requests; i += 4) {
                accepted.put(i, submitUntilAnswered(line, ClaimRequest.book(show, UserId.of("u" + i), numbers.get(i % 40)),
                        "l5a-" + name + "-" + i));
                submitted.incrementAndGet();
            }
            return null;
        }, settings.timeout());
        attempts.forEach(a -> assertThat(a.failure()).as("caller %d", a.caller()).isNull());

        Map<Ticket, TicketStatus> finals = awaitFinal(front, accepted.values());
        List<Ticket> booked = ticketsWhere(finals, s -> s instanceof TicketStatus.Booked);
        assertThat(booked).as("Booked tickets, one per seat").hasSize(numbers.size());
        for (Ticket ticket : booked) {
            TicketStatus.Booked won = (TicketStatus.Booked) finals.get(ticket);
            SeatState seat = fixture.seats().findSeat(won.claim().seats().get(0)).orElseThrow();
            assertThat(seat.reference()).as("the stored reference of %s", seat.seat()).isEqualTo(SharedLine.referenceFor(ticket));
        }
    }

    @Test
    @DisplayName("Rule L5b: a broker restart loses no accepted ticket; submits during it never answer accepted and then lose it")
    void l5b_aBrokerRestartLosesNoAcceptedTicket() throws InterruptedException {
        BrokerFaults faults = faultsOrAbort("L5b");
        String name = lineName("l5b");
        ShowId show = show("l5b");
        List<String> numbers = IntStream.range(0, 50).mapToObj(i -> "R" + i).toList();
        fixture.seats().addSeats(show, numbers);
        LineTransport front = open(name, 2, 10_000);
        SharedLine line = SharedLine.builder(front).build();
        List<Ticket> accepted = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            accepted.add(accepted(line.submit(ClaimRequest.book(show, UserId.of("before-" + i), numbers.get(i % 50)))));
        }
        AtomicBoolean restarting = new AtomicBoolean(true);
        AtomicInteger refusedDuringRestart = new AtomicInteger();
        Thread submitter = new Thread(() -> {
            int i = 0;
            while (restarting.get()) {
                try {
                    SubmitResult result = line.submit(ClaimRequest.book(show, UserId.of("during-" + i), numbers.get(i % 50)));
                    if (result instanceof SubmitResult.Accepted ok) {
                        accepted.add(ok.ticket());
                    }
                } catch (BookingException expected) {
                    refusedDuringRestart.incrementAndGet();
                }
                i++;
            }
        }, "tck-l5b-submitter");
        submitter.setDaemon(true);
        submitter.start();
        try {
            faults.restartBroker();
        } finally {
            restarting.set(false);
            submitter.join(settings.timeout().toMillis());
        }
        workers(front, fixture.seats(), 2);
        for (int i = 0; i < 20; i++) {
            accepted.add(submitUntilAnswered(line, ClaimRequest.book(show, UserId.of("after-" + i), numbers.get(i)),
                    "l5b-" + name + "-after-" + i));
        }
        Map<Ticket, TicketStatus> finals = awaitFinal(front, accepted);
        System.err.printf("booking-tck: Rule L5b on %s: %d tickets accepted around the restart, all final; %d submits failed during it%n",
                fixture.backendName(), accepted.size(), refusedDuringRestart.get());
        assertThat(ticketsWhere(finals, s -> s instanceof TicketStatus.Booked)).as("Booked, one per seat").hasSize(numbers.size());
    }

    // ------------------------------------------------------------------------------------------ L6

    @Test
    @DisplayName("Rule L6a: invalid submits throw IllegalArgumentException naming the field and queue nothing")
    void l6a_invalidSubmitsAreRejectedAndQueueNothing() {
        String name = lineName("l6a");
        ShowId show = show("l6a");
        LineTransport transport = open(name, 1, 100);
        SharedLine line = SharedLine.builder(transport).build();
        ClaimRequest valid = ClaimRequest.book(show, UserId.of("ann"), "A1");
        assertThatIllegalArgumentException().isThrownBy(() -> line.submit(null)).withMessageContaining("request");
        assertThatIllegalArgumentException().isThrownBy(() -> line.submit(null, "key")).withMessageContaining("request");
        for (String key : List.of("", "   ", "x".repeat(SharedLine.MAX_IDEMPOTENCY_KEY_LENGTH + 1), "a\nb", "a\u0000b")) {
            assertThatIllegalArgumentException().as("key %s", key.replace("\u0000", "\\0").replace("\n", "\\n"))
                    .isThrownBy(() -> line.submit(valid, key)).withMessageContaining("idempotencyKey");
        }
        try (LineConsumer probe = transport.openConsumer("tck-l6a-probe")) {
            assertThat(probe.poll(10, Duration.ofMillis(500))).as("what the rejected submits queued").isEmpty();
        }
    }

    @Test
    @DisplayName("Rule L6b: unknown and malformed ticket ids answer Unknown, never an exception")
    void l6b_unknownAndMalformedTicketsAreUnknown() {
        SharedLine line = SharedLine.builder(open(lineName("l6b"), 1, 100)).build();
        assertThat(line.status(Ticket.random())).isEqualTo(new TicketStatus.Unknown());
        List<String> malformed = new ArrayList<>(List.of("", " ", "abc", "A".repeat(21), "A".repeat(23), "A".repeat(21) + "!",
                "../../../etc/passwd", "' OR 1=1 --", "*", "A".repeat(10_000), "\u0000".repeat(22)));
        malformed.add(null);
        for (String id : malformed) {
            assertThat(line.status(id)).as("status of a malformed id").isEqualTo(new TicketStatus.Unknown());
        }
    }

    @Test
    @DisplayName("Rule L6c: a burst far past capacity is answered busy, never above capacity, and the accepted all end final")
    void l6c_aBurstPastCapacityIsBusyAndBounded() {
        String name = lineName("l6c");
        ShowId show = show("l6c");
        List<String> numbers = IntStream.range(0, 60).mapToObj(i -> "C" + i).toList();
        fixture.seats().addSeats(show, numbers);
        int capacity = 50;
        int burst = 2000;
        LineTransport transport = open(name, 1, capacity);
        SharedLine line = SharedLine.builder(transport).build();
        List<Race.Attempt<SubmitResult>> attempts = Race.run(burst, i -> () ->
                line.submit(ClaimRequest.book(show, UserId.of("u" + i), numbers.get(i % 60))), settings.timeout());
        List<Ticket> accepted = new ArrayList<>();
        int busy = 0;
        for (Race.Attempt<SubmitResult> attempt : attempts) {
            assertThat(attempt.failure()).as("submit %d threw", attempt.caller()).isNull();
            if (attempt.value() instanceof SubmitResult.Accepted ok) {
                accepted.add(ok.ticket());
            } else {
                busy++;
            }
        }
        assertThat(accepted.size()).as("accepted of a burst of %d into a line of capacity %d", burst, capacity)
                .isLessThanOrEqualTo(capacity).isPositive();
        assertThat(busy).as("busy answers").isEqualTo(burst - accepted.size());

        workers(transport, fixture.seats(), 1);
        assertThat(awaitFinal(transport, accepted)).hasSize(accepted.size());
        // settled comes before acknowledged: the room frees a moment after the last ticket is final
        Ticket later = submitUntilAnswered(line, ClaimRequest.book(show, UserId.of("later"), "C59"), "l6c-" + name);
        assertThat(awaitFinal(transport, List.of(later))).as("a submit once the line has drained").hasSize(1);
    }

    @Test
    @DisplayName("Rule L6d: ticket ids are distinct, 22 characters and spread over the alphabet; a refusal names nobody")
    void l6d_ticketsAreUnguessableAndStatusesNameNobody() {
        String name = lineName("l6d");
        ShowId show = show("l6d");
        fixture.seats().addSeats(show, List.of("A1"));
        LineTransport transport = open(name, 1, 5_000);
        SharedLine line = SharedLine.builder(transport).build();
        Set<String> ids = new HashSet<>();
        Map<Character, Integer> characters = new HashMap<>();
        String winnerName = "winner-" + UUID.randomUUID();
        Ticket winner = accepted(line.submit(ClaimRequest.book(show, UserId.of(winnerName), "A1"), "key-" + name + "-winner"));
        ids.add(winner.id());
        List<Ticket> losers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Ticket ticket = accepted(line.submit(ClaimRequest.book(show, UserId.of("loser-" + i), "A1"), "key-" + name + "-" + i));
            assertThat(ticket.id()).hasSize(Ticket.LENGTH);
            ids.add(ticket.id());
            ticket.id().chars().forEach(c -> characters.merge((char) c, 1, Integer::sum));
            if (i < 20) {
                losers.add(ticket);
            }
        }
        assertThat(ids).as("distinct ticket ids of 1001 submits").hasSize(1001);
        // 22,000 characters of 128 random bits each: all 64 base64url characters show up, none dominates
        assertThat(characters.size()).as("distinct characters in the ids").isGreaterThanOrEqualTo(60);
        assertThat(characters.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("the most frequent character's count of 22,000").isLessThan(22_000 / 64 * 3);

        workers(transport, fixture.seats(), 1);
        List<Ticket> decided = new ArrayList<>(losers);
        decided.add(winner);
        Map<Ticket, TicketStatus> finals = awaitFinal(transport, decided);
        for (Ticket loser : losers) {
            TicketStatus refused = finals.get(loser);
            assertThat(refused).isEqualTo(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
            assertThat(refused.toString()).as("a refusal's text").doesNotContain(winnerName);
            assertThat(new String(StatusCodec.encode(refused), StandardCharsets.UTF_8)).as("a refusal as stored")
                    .doesNotContain(winnerName);
        }
    }

    // ------------------------------------------------------------------------------------------ L7

    @Test
    @DisplayName("Rule L7a: with notices on, the race gives one notice per ticket: one BOOKED for the winner, every other REFUSED(TAKEN), each to its own user")
    void l7a_withNoticesEveryTicketOfTheRaceGetsExactlyOneNotice() {
        int racers = settings.racers();
        String name = lineName("l7a");
        ShowId show = show("l7a");
        OutboxFixture noticed = track(fixture.outboxed());
        noticed.repository().addSeats(show, List.of("A1"));
        long capacity = Math.max(10_000, 2L * racers);
        LineTransport first = open(name, 4, capacity);
        LineTransport second = open(name, 4, capacity);
        List<SharedLine> instances = List.of(SharedLine.builder(first).build(), SharedLine.builder(second).build());
        List<LineWorkers> workers = List.of(noticedWorkers(first, noticed, noticed.outbox(), "tck-l7a-a", 2),
                noticedWorkers(second, noticed, noticed.outbox(), "tck-l7a-b", 2));

        List<Race.Attempt<SubmitResult>> attempts = Race.run(racers, i -> () -> instances.get(i % 2)
                .submit(ClaimRequest.book(show, UserId.of("racer-" + i), "A1")), settings.timeout());
        Map<Ticket, UserId> users = new HashMap<>();
        for (Race.Attempt<SubmitResult> attempt : attempts) {
            assertThat(attempt.failure()).as("submit of racer %d threw", attempt.caller()).isNull();
            users.put(accepted(attempt.value()), UserId.of("racer-" + attempt.caller()));
        }
        Map<Ticket, TicketStatus> finals = awaitFinal(second, users.keySet());
        assertThat(ticketsWhere(finals, s -> s instanceof TicketStatus.Booked)).as("Booked tickets").hasSize(1);

        Map<Ticket, Notice> notices = awaitNotices(noticed.outbox(), users.keySet(), workers);
        checkNotices(notices, finals, users, show.seat("A1"));
        assertThat(notices.values().stream().filter(n -> n.kind() == Notice.Kind.BOOKED)).as("BOOKED notices").hasSize(1);
        assertThat(notices.values().stream().filter(n -> n.kind() == Notice.Kind.REFUSED)).as("REFUSED notices")
                .hasSize(racers - 1);
    }

    @Test
    @DisplayName("Rule L7b: a worker that dies between settling and writing its notices leaves them to the redelivery: one notice per ticket")
    void l7b_aWorkerThatDiesBeforeItsNoticesAreWrittenLeavesThemToTheRedelivery() throws InterruptedException {
        String name = lineName("l7b");
        ShowId show = show("l7b");
        OutboxFixture noticed = track(fixture.outboxed());
        noticed.repository().addSeats(show, List.of("A1"));
        long capacity = 10_000;
        LineTransport front = open(name, 1, capacity);
        SharedLine line = SharedLine.builder(front).build();
        Map<Ticket, UserId> users = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            UserId user = UserId.of("u" + i);
            users.put(accepted(line.submit(ClaimRequest.book(show, user, "A1"))), user);
        }

        // the dying worker's outbox: its first write goes through but the answer is lost, then it is down
        CountDownLatch writing = new CountDownLatch(1);
        OutboxStore failing = failingAfterOneWrite(noticed.outbox(), writing);
        LineTransport dying = fixture.open(name, 1, capacity);
        toClose.add(dying);
        LineWorkers doomed = noticedWorkers(dying, noticed, failing, "tck-l7b-dying", 1);
        assertThat(writing.await(settings.timeout().toSeconds(), TimeUnit.SECONDS))
                .as("the dying worker settled a batch and writes its notices").isTrue();
        LineWorkers standby = noticedWorkers(open(name, 1, capacity), noticed, noticed.outbox(), "tck-l7b-standby", 1);
        dying.close(); // its connection goes away under the worker, which is never closed before the rule ends

        Map<Ticket, TicketStatus> finals = awaitFinal(front, users.keySet());
        Map<Ticket, Notice> notices = awaitNotices(noticed.outbox(), users.keySet(), List.of(doomed, standby));
        checkNotices(notices, finals, users, show.seat("A1"));
    }

    // ------------------------------------------------------------------------------------ helpers

    /** A transport on the fixture's line, closed after the rule. */
    protected LineTransport open(String name, int partitions, long capacity) {
        return track(fixture.open(name, partitions, capacity));
    }

    // ------------------------------------------------------------------------------------------ L8

    @Test
    @DisplayName("Rule L8: the backlog, where the transport tells it, counts the undecided requests and falls to zero once drained")
    void l8_theBacklogCountsTheUndecidedAndFallsToZeroOnceDrained() {
        String name = lineName("l8");
        ShowId show = show("l8");
        List<String> numbers = List.of("B1", "B2", "B3", "B4", "B5");
        fixture.seats().addSeats(show, numbers);
        LineTransport transport = open(name, 2, 100);
        if (transport.backlog(0).isEmpty()) {
            String notApplicable = "booking-tck: Rule L8 NOT APPLICABLE to " + getClass().getName()
                    + " (" + fixture.backendName() + "): its transport does not tell its backlog";
            System.err.println(notApplicable);
            Assumptions.abort(notApplicable);
        }
        SharedLine line = SharedLine.builder(transport).build();
        List<Ticket> tickets = new ArrayList<>();
        for (String number : numbers) {
            tickets.add(accepted(line.submit(ClaimRequest.book(show, UserId.of("u-" + number), number))));
        }
        int partition = transport.partitionOf(show);
        awaitBacklog(line, partition, numbers.size(), "five requests submitted and no worker running");

        workers(transport, fixture.seats(), 1);
        assertThat(awaitFinal(transport, tickets)).hasSize(tickets.size());
        awaitBacklog(line, partition, 0, "every ticket final");
    }

    private LineWorkers workers(LineTransport transport, SeatRepository seats, int threads) {
        return track(LineWorkers.builder(transport, seats).threads(threads).pollWait(Duration.ofMillis(50))
                .workerName("tck-" + UUID.randomUUID().toString().substring(0, 8)).build().start());
    }

    private LineWorkers noticedWorkers(LineTransport transport, OutboxFixture noticed, OutboxStore outbox, String workerName,
                                       int threads) {
        return track(LineWorkers.builder(transport, noticed.repository()).threads(threads).pollWait(Duration.ofMillis(50))
                .workerName(workerName + "-" + UUID.randomUUID().toString().substring(0, 8)).notices(outbox).build().start());
    }

    /**
     * Waits until the outbox holds at least a notice per ticket (the workers write a refusal's just
     * after settling it), closes the workers so that nothing more is written, and answers the
     * notices by ticket; fails on a notice of no ticket of the rule, two for one ticket, or a ticket without one.
     */
    private Map<Ticket, Notice> awaitNotices(OutboxStore outbox, Collection<Ticket> tickets, List<LineWorkers> workers) {
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        while (outbox.count(OutboxState.PENDING) < tickets.size() && System.nanoTime() - giveUp < 0) {
            sleep(20);
        }
        workers.forEach(LineWorkers::close);
        Map<String, Ticket> byReference = new HashMap<>();
        tickets.forEach(t -> byReference.put(SharedLine.referenceFor(t).value(), t));
        Map<Ticket, Notice> notices = new HashMap<>();
        for (OutboxRecord record : outbox.list(OutboxState.PENDING, 2 * tickets.size() + 100)) {
            Notice notice = record.notice();
            Ticket ticket = byReference.get(notice.reference().value());
            assertThat(ticket).as("the ticket of notice %s", notice).isNotNull();
            Notice before = notices.put(ticket, notice);
            assertThat(before).as("a second notice for ticket %s (the first: %s): %s", ticket, before, notice).isNull();
        }
        List<Ticket> unheard = tickets.stream().filter(t -> !notices.containsKey(t)).toList();
        assertThat(unheard).as("tickets without a notice after %s, of %d", settings.timeout(), tickets.size()).isEmpty();
        return notices;
    }

    /** Each notice tells its ticket's final status to its ticket's user, under its reference, for {@code seat}. */
    private static void checkNotices(Map<Ticket, Notice> notices, Map<Ticket, TicketStatus> finals, Map<Ticket, UserId> users,
                                     SeatId seat) {
        for (Map.Entry<Ticket, Notice> entry : notices.entrySet()) {
            Ticket ticket = entry.getKey();
            Notice notice = entry.getValue();
            TicketStatus status = finals.get(ticket);
            assertThat(notice.user()).as("whom the notice of %s tells", ticket).isEqualTo(users.get(ticket));
            assertThat(notice.seats()).as("the seats of the notice of %s", ticket).containsExactly(seat);
            if (status instanceof TicketStatus.Booked) {
                assertThat(notice.kind()).as("the notice of booked ticket %s", ticket).isEqualTo(Notice.Kind.BOOKED);
            } else {
                assertThat(status).as("the status of ticket %s", ticket).isInstanceOf(TicketStatus.Refused.class);
                assertThat(notice.kind()).as("the notice of refused ticket %s", ticket).isEqualTo(Notice.Kind.REFUSED);
                assertThat(notice.detail()).isEqualTo(((TicketStatus.Refused) status).reason().name());
            }
        }
    }

    /**
     * {@code outbox} as a dying worker's: the first append is written and then throws, as if its
     * answer were lost with the connection (and opens {@code writing}); every later one throws
     * without writing.
     */
    private static OutboxStore failingAfterOneWrite(OutboxStore outbox, CountDownLatch writing) {
        AtomicBoolean wrote = new AtomicBoolean();
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("appendIfAbsent")) {
                        return forward(method, outbox, args);
                    }
                    if (wrote.compareAndSet(false, true)) {
                        forward(method, outbox, args);
                        writing.countDown();
                        throw new IllegalStateException("the kit's outbox: written, but the answer was lost");
                    }
                    throw new IllegalStateException("the kit's outbox: down");
                });
    }

    private static Object forward(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private WorkerProcess startReady(WorkerProcesses processes, String name, int partitions, long capacity, int threads) {
        WorkerProcess process = track(processes.start(name, partitions, capacity, threads));
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        while (!process.log().contains(WorkerProcess.READY)) {
            if (!process.isAlive() || System.nanoTime() - giveUp > 0) {
                throw new AssertionError("the worker process never said it was ready:\n" + process.log());
            }
            sleep(20);
        }
        return process;
    }

    private BrokerFaults faultsOrAbort(String rule) {
        Optional<BrokerFaults> faults = fixture.faults();
        if (faults.isEmpty()) {
            String notApplicable = "booking-tck: Rule " + rule + " NOT APPLICABLE to " + getClass().getName()
                    + " (" + fixture.backendName() + "): the fixture supplies no BrokerFaults";
            System.err.println(notApplicable);
            Assumptions.abort(notApplicable);
        }
        return faults.get();
    }

    /**
     * Waits until the line's backlogs come to {@code expected} in all, all of them in
     * {@code partition}, with known ages never negative; fails with the last reading.
     */
    private void awaitBacklog(SharedLine line, int partition, long expected, String when) {
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        List<dev.booking.queue.line.LineBacklog> backlog;
        while (true) {
            backlog = line.backlog();
            long total = backlog.stream().mapToLong(dev.booking.queue.line.LineBacklog::waiting).sum();
            long inPartition = backlog.stream().filter(b -> b.partition() == partition)
                    .mapToLong(dev.booking.queue.line.LineBacklog::waiting).sum();
            if (total == expected && inPartition == expected) {
                break;
            }
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("the backlog with " + when + " should come to " + expected + " in partition "
                        + partition + " after " + settings.timeout() + ", but reads " + backlog);
            }
            sleep(20);
        }
        assertThat(backlog).as("one backlog per partition").hasSize(line.partitions());
        for (dev.booking.queue.line.LineBacklog one : backlog) {
            one.oldestAge().ifPresent(age -> assertThat(age.isNegative()).as("a negative oldest age in %s", one).isFalse());
        }
    }

    private static String lineName(String rule) {
        return "tck-" + rule + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static ShowId show(String rule) {
        return ShowId.of("tck-" + rule + "-" + UUID.randomUUID());
    }

    private static Ticket accepted(SubmitResult result) {
        assertThat(result).as("a submit the line has room for").isInstanceOf(SubmitResult.Accepted.class);
        return ((SubmitResult.Accepted) result).ticket();
    }

    /** Submits until the line answers accepted, repeating with the same key after a broker failure or busy. */
    private Ticket submitUntilAnswered(SharedLine line, ClaimRequest request, String key) {
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            try {
                SubmitResult result = line.submit(request, key);
                if (result instanceof SubmitResult.Accepted ok) {
                    return ok.ticket();
                }
            } catch (BookingException retry) {
                if (System.nanoTime() - giveUp > 0) {
                    throw new AssertionError("the line never accepted a submit again", retry);
                }
            }
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("the line stayed busy for " + settings.timeout());
            }
            sleep(20);
        }
    }

    /** Waits until every ticket is final, reading through {@code transport}; fails naming what is not. */
    private Map<Ticket, TicketStatus> awaitFinal(LineTransport transport, Collection<Ticket> tickets) {
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        Map<Ticket, TicketStatus> finals = new LinkedHashMap<>();
        List<Ticket> open = new ArrayList<>(tickets);
        while (true) {
            List<Ticket> still = new ArrayList<>();
            for (int from = 0; from < open.size(); from += 500) {
                List<Ticket> chunk = open.subList(from, Math.min(open.size(), from + 500));
                Map<Ticket, TicketStatus> read = statusesOrNothing(transport, chunk);
                for (Ticket ticket : chunk) {
                    TicketStatus status = read.get(ticket);
                    if (status != null && status.isFinal()) {
                        finals.put(ticket, status);
                    } else {
                        still.add(ticket);
                    }
                }
            }
            open = still;
            if (open.isEmpty()) {
                return finals;
            }
            if (System.nanoTime() - giveUp > 0) {
                Map<String, Long> kinds = new HashMap<>();
                statusesOrNothing(transport, open).values()
                        .forEach(s -> kinds.merge(s.getClass().getSimpleName(), 1L, Long::sum));
                throw new AssertionError(open.size() + " of " + tickets.size() + " tickets not final after "
                        + settings.timeout() + " (lost?); they read " + kinds);
            }
            sleep(20);
        }
    }

    private static Map<Ticket, TicketStatus> statusesOrNothing(LineTransport transport, List<Ticket> tickets) {
        try {
            return transport.ledger().statuses(tickets);
        } catch (BookingException brokerAway) {
            return Map.of(); // a broker that is reconnecting: read again shortly
        }
    }

    private static int finalCount(LineTransport transport, List<Ticket> tickets) {
        int count = 0;
        for (int from = 0; from < tickets.size(); from += 500) {
            List<Ticket> chunk = tickets.subList(from, Math.min(tickets.size(), from + 500));
            count += (int) statusesOrNothing(transport, chunk).values().stream().filter(TicketStatus::isFinal).count();
        }
        return count;
    }

    private void awaitCount(LineTransport transport, List<Ticket> tickets, int atLeast) {
        long giveUp = System.nanoTime() + settings.timeout().toNanos();
        while (finalCount(transport, tickets) < atLeast) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("fewer than " + atLeast + " tickets final after " + settings.timeout());
            }
            sleep(5);
        }
    }

    private static List<Ticket> ticketsWhere(Map<Ticket, TicketStatus> statuses, Predicate<TicketStatus> which) {
        return statuses.entrySet().stream().filter(e -> which.test(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** A seat store that runs {@code before} ahead of every claim (to block or throw), then the real claim. */
    private static SeatRepository intercepting(SeatRepository store, java.util.function.Function<ClaimRequest, Object> before) {
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claim") && args != null && args.length == 1
                            && args[0] instanceof ClaimRequest request) {
                        before.apply(request);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A store that takes a millisecond per claim, so that a worker is mid-batch when it dies. */
    private static SeatRepository slow(SeatRepository store) {
        return intercepting(store, request -> {
            sleep(1);
            return null;
        });
    }

    private void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(settings.timeout().toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
