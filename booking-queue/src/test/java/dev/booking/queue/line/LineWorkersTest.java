package dev.booking.queue.line;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.booking.queue.line.LineTestSupport.accepted;
import static dev.booking.queue.line.LineTestSupport.await;
import static dev.booking.queue.line.LineTestSupport.awaitFinal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineWorkersTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final TicketStatus TAKEN = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);

    private final InMemoryLine line = InMemoryLine.builder().name("workers-test").partitions(4).build();
    private final SharedLine front = SharedLine.builder(line).build();
    private final InMemorySeatRepository store = new InMemorySeatRepository();
    private final List<LineWorkers> started = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        started.forEach(LineWorkers::close);
    }

    private LineWorkers start(LineWorkers.Builder builder) {
        LineWorkers workers = builder.pollWait(Duration.ofMillis(20)).build();
        started.add(workers);
        return workers.start();
    }

    private Ticket submit(String user, String... seats) {
        return accepted(front.submit(ClaimRequest.book(SHOW, UserId.of(user), seats)));
    }

    private static ClaimResult.Claimed booked(TicketStatus status) {
        assertThat(status).isInstanceOf(TicketStatus.Booked.class);
        return ((TicketStatus.Booked) status).claim();
    }

    @Test
    void requestsAreDecidedInTheOrderTheLineAcceptedThemUnderTheirTicketsReference() {
        store.addSeats(SHOW, List.of("A1", "A2"));
        Ticket ann = submit("ann", "A1");
        Ticket bob = submit("bob", "A1");
        Ticket carl = submit("carl", "A2");
        Ticket dan = submit("dan", "A9");
        Ticket eve = submit("eve", "A1", "A2");
        LineWorkers workers = start(LineWorkers.builder(line.connect(), store));

        Map<Ticket, TicketStatus> statuses = awaitFinal(line, List.of(ann, bob, carl, dan, eve));
        ClaimResult.Claimed annsClaim = booked(statuses.get(ann));
        assertThat(annsClaim.owner()).isEqualTo(UserId.of("ann"));
        assertThat(annsClaim.reference()).isEqualTo(SharedLine.referenceFor(ann));
        assertThat(statuses.get(bob)).isEqualTo(TAKEN);
        assertThat(booked(statuses.get(carl)).reference()).isEqualTo(SharedLine.referenceFor(carl));
        assertThat(statuses.get(dan)).isEqualTo(new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT));
        assertThat(statuses.get(eve)).isEqualTo(TAKEN);
        assertThat(store.findSeat(SHOW.seat("A1")).map(SeatState::owner)).contains(UserId.of("ann"));
        await("the stats count every decision", () -> workers.stats().decided() == 5);
        assertThat(workers.stats()).isEqualTo(new LineWorkerStats(5, 2, 3, 0, 0, 0));
        await("every request acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0); // just after counting
    }

    @Test
    void aReferenceAlreadyUsedElsewhereFailsTheTicket() {
        store.addSeats(SHOW, List.of("A1", "A2"));
        Ticket ticket = submit("ann", "A1");
        // somebody claimed other seats under the ticket's reference before the line got to it
        store.claim(new ClaimRequest(SHOW, List.of("A2"), UserId.of("ann"), SharedLine.referenceFor(ticket), null));
        LineWorkers workers = start(LineWorkers.builder(line, store));
        assertThat(awaitFinal(line, List.of(ticket)).get(ticket)).isEqualTo(new TicketStatus.Failed("reference in use"));
        await("counted", () -> workers.stats().failed() == 1);
        assertThat(workers.stats().deadLettered()).isZero();
        assertThat(line.deadLetters()).isEmpty();
    }

    @Test
    void aSeatTheBatchSawGoToAnotherUserIsRefusedWithoutAStoreCall() {
        store.addSeats(SHOW, List.of("A1"));
        CountingSeatRepository counting = new CountingSeatRepository(store);
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tickets.add(submit("user" + i, "A1"));
        }
        LineWorkers workers = start(LineWorkers.builder(line, counting).batchSize(128));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        assertThat(booked(statuses.get(tickets.get(0))).owner()).isEqualTo(UserId.of("user0"));
        assertThat(statuses.values().stream().filter(TAKEN::equals).count()).isEqualTo(999);
        // one call per batch of 128 at most: the first request of each batch learns who holds A1
        assertThat(counting.claimCalls()).isLessThanOrEqualTo(1_000 / 128 + 1);
        await("counted", () -> workers.stats().decided() == 1_000);
    }

    @Test
    void theOwnersOwnLaterRequestAndARequestAfterAFailedCallAskTheStore() {
        store.addSeats(SHOW, List.of("A1", "A2"));
        CountingSeatRepository counting = new CountingSeatRepository(store);
        Ticket ann = submit("ann", "A1");
        Ticket bob = submit("bob", "A1");          // known taken by ann: no call
        Ticket annAgain = submit("ann", "A1");     // ann's own seat, under another reference: the store decides
        Ticket carl = submit("carl", "A1", "A2");  // A1 known taken: no call
        Ticket dan = submit("dan", "A2");
        start(LineWorkers.builder(line, counting));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, List.of(ann, bob, annAgain, carl, dan));
        booked(statuses.get(ann));
        assertThat(statuses.get(bob)).isEqualTo(TAKEN);
        assertThat(statuses.get(annAgain)).isEqualTo(TAKEN);
        assertThat(statuses.get(carl)).isEqualTo(TAKEN);
        assertThat(booked(statuses.get(dan)).owner()).isEqualTo(UserId.of("dan"));
        assertThat(counting.claimCalls()).isEqualTo(3);
    }

    @Test
    void aStoreThatDecidesInOrderGetsTheWholeBatchInOneCall() {
        store.addSeats(SHOW, List.of("A1", "A2", "A3"));
        OrderedStore ordered = new OrderedStore(store);
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tickets.add(submit("user" + i, "A" + (1 + i % 3)));
        }
        LineWorkers workers = start(LineWorkers.builder(line, ordered).batchSize(128));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        for (int i = 0; i < 300; i++) {
            if (i < 3) {
                assertThat(booked(statuses.get(tickets.get(i))).owner()).isEqualTo(UserId.of("user" + i));
            } else {
                assertThat(statuses.get(tickets.get(i))).isEqualTo(TAKEN);
            }
        }
        assertThat(ordered.claimCalls()).as("single claims").isZero();
        assertThat(ordered.batches()).isBetween(3, 10);
        await("counted", () -> workers.stats().decided() == 300);
    }

    @Test
    void aPoisonRequestIsSettledFailedAndDeadLettered() {
        store.addSeats(SHOW, List.of("A1"));
        int partition = line.partitionOf(SHOW);
        Ticket poison = Ticket.random();
        line.appendRaw(partition, poison, new byte[] {1, 2, 3});
        Ticket ann = submit("ann", "A1");
        LineWorkers workers = start(LineWorkers.builder(line, store));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, List.of(poison, ann));
        assertThat(statuses.get(poison)).isInstanceOf(TicketStatus.Failed.class);
        booked(statuses.get(ann));
        await("dead-lettered", () -> !line.deadLetters().isEmpty()); // settled first, dead-lettered just after
        assertThat(line.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.ticket()).isEqualTo(poison);
            assertThat(letter.why()).contains("could not be read");
        });
        await("counted", () -> workers.stats().decided() == 2);
        assertThat(workers.stats()).isEqualTo(new LineWorkerStats(2, 1, 0, 1, 1, 0));
        assertThat(line.depth(partition)).isZero();
    }

    @Test
    void anEnvelopeNamingAnotherTicketIsPoison() {
        store.addSeats(SHOW, List.of("A1"));
        Ticket named = Ticket.random();
        Ticket carried = Ticket.random();
        ClaimRequest request = ClaimRequest.book(SHOW, UserId.of("ann"), "A1");
        line.appendRaw(line.partitionOf(SHOW), carried, new Envelope(named, request, Instant.now()).encode());
        start(LineWorkers.builder(line, store));
        assertThat(awaitFinal(line, List.of(carried)).get(carried)).isInstanceOf(TicketStatus.Failed.class);
        assertThat(store.findSeat(SHOW.seat("A1")).map(SeatState::status)).contains(SeatStatus.EMPTY);
    }

    @Test
    void aRequestDeliveredMoreThanMaxAttemptsIsFailedWithoutDeciding() {
        store.addSeats(SHOW, List.of("A1"));
        Ticket ticket = submit("ann", "A1");
        for (int i = 0; i < 3; i++) { // three workers die holding it: the next delivery is attempt 4
            LineConsumer dying = line.openConsumer("dying" + i);
            assertThat(dying.poll(10, Duration.ofSeconds(5))).hasSize(1);
            dying.close();
        }
        LineWorkers workers = start(LineWorkers.builder(line, store).maxAttempts(3));
        assertThat(awaitFinal(line, List.of(ticket)).get(ticket)).isInstanceOf(TicketStatus.Failed.class);
        await("dead-lettered", () -> !line.deadLetters().isEmpty()); // settled first, dead-lettered just after
        assertThat(line.deadLetters()).singleElement().satisfies(letter -> assertThat(letter.attempt()).isEqualTo(4));
        assertThat(store.findSeat(SHOW.seat("A1")).map(SeatState::status)).contains(SeatStatus.EMPTY);
        await("counted", () -> workers.stats().deadLettered() == 1);
    }

    @Test
    void anUnexpectedExceptionForOneRequestUsesItsAttemptsThenFailsItAndTheLineMovesOn() {
        store.addSeats(SHOW, List.of("A1", "A2", "A3"));
        CountingSeatRepository faulty = new CountingSeatRepository(store);
        AtomicInteger badCalls = new AtomicInteger();
        faulty.beforeClaim(request -> {
            if (request.user().equals(UserId.of("bad"))) {
                badCalls.incrementAndGet();
                throw new IllegalStateException("a bug in the store adapter");
            }
        });
        Ticket first = submit("first", "A1");
        Ticket bad = submit("bad", "A2");
        Ticket last = submit("last", "A3");
        LineWorkers workers = start(LineWorkers.builder(line, faulty).maxAttempts(3));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, List.of(first, bad, last));
        booked(statuses.get(first));
        assertThat(statuses.get(bad)).isInstanceOf(TicketStatus.Failed.class);
        assertThat(((TicketStatus.Failed) statuses.get(bad)).why()).doesNotContain("bug");
        booked(statuses.get(last));
        assertThat(badCalls.get()).isEqualTo(3);
        await("dead-lettered", () -> !line.deadLetters().isEmpty()); // settled first, dead-lettered just after
        assertThat(line.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.ticket()).isEqualTo(bad);
            assertThat(letter.why()).contains("a bug in the store adapter");
        });
        await("counted", () -> workers.stats().decided() == 3);
        assertThat(workers.stats()).isEqualTo(new LineWorkerStats(3, 2, 0, 1, 1, 0));
    }

    @Test
    void aStoreOutageIsWaitedOutNeverFailed() {
        store.addSeats(SHOW, List.of("A1", "A2", "A3"));
        CountingSeatRepository flaky = new CountingSeatRepository(store);
        AtomicBoolean down = new AtomicBoolean(true);
        flaky.beforeClaim(request -> {
            if (down.get()) {
                throw new BookingException(BookingException.Failure.CONNECTION, "the database is down");
            }
        });
        List<Ticket> tickets = List.of(submit("ann", "A1"), submit("bob", "A1"), submit("carl", "A2"), submit("dan", "A3"));
        LineWorkers workers = start(LineWorkers.builder(line, flaky).maxAttempts(2));
        await("the workers retried past maxAttempts", () -> flaky.claimCalls() > 4);
        assertThat(line.ledger().statuses(tickets).values()).noneMatch(TicketStatus::isFinal);
        down.set(false);
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        booked(statuses.get(tickets.get(0)));
        assertThat(statuses.get(tickets.get(1))).isEqualTo(TAKEN);
        booked(statuses.get(tickets.get(2)));
        booked(statuses.get(tickets.get(3)));
        assertThat(line.deadLetters()).isEmpty();
        await("counted", () -> workers.stats().decided() == 4);
        assertThat(workers.stats().failed()).isZero();
    }

    @Test
    void aStoreThatDecidesInOrderIsRetriedWholeAfterAnOutage() {
        store.addSeats(SHOW, List.of("A1"));
        OrderedStore ordered = new OrderedStore(store);
        ordered.failNextBatches(3);
        List<Ticket> tickets = List.of(submit("ann", "A1"), submit("bob", "A1"));
        start(LineWorkers.builder(line, ordered));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        booked(statuses.get(tickets.get(0)));
        assertThat(statuses.get(tickets.get(1))).isEqualTo(TAKEN);
        assertThat(ordered.batches()).isGreaterThanOrEqualTo(4);
        assertThat(ordered.claimCalls()).isZero();
    }

    @Test
    void aBrokerOutageIsWaitedOutAndNothingIsAcknowledgedBeforeItIsSettled() {
        store.addSeats(SHOW, List.of("A1", "A2"));
        FlakyTransport flaky = new FlakyTransport(line.connect());
        CountingSeatRepository counting = new CountingSeatRepository(store);
        AtomicInteger calls = new AtomicInteger();
        counting.beforeClaim(request -> {
            if (calls.incrementAndGet() == 1) {
                flaky.down.set(true); // the broker goes down while the first batch is being decided
            }
        });
        List<Ticket> tickets = List.of(submit("ann", "A1"), submit("bob", "A1"), submit("carl", "A2"));
        LineWorkers workers = start(LineWorkers.builder(flaky, counting));
        await("the batch was decided", () -> calls.get() >= 2);
        assertThat(line.ledger().statuses(tickets).values()).noneMatch(TicketStatus::isFinal);
        flaky.down.set(false);
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        booked(statuses.get(tickets.get(0)));
        assertThat(statuses.get(tickets.get(1))).isEqualTo(TAKEN);
        booked(statuses.get(tickets.get(2)));
        await("acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0);
        assertThat(flaky.acknowledgedBeforeSettled).isEmpty();
        assertThat(counting.claimCalls()).isEqualTo(2); // decided once: the outage did not redo the batch
        assertThat(workers.stats()).isEqualTo(new LineWorkerStats(3, 2, 1, 0, 0, 0));
    }

    @Test
    void closingDuringAnOutageReturnsAndLeavesTheUndecidedInTheLine() {
        store.addSeats(SHOW, List.of("A1"));
        CountingSeatRepository down = new CountingSeatRepository(store);
        down.beforeClaim(request -> {
            throw new BookingException(BookingException.Failure.CONNECTION, "down");
        });
        Ticket ticket = submit("ann", "A1");
        LineWorkers stuck = start(LineWorkers.builder(line, down));
        await("the store was tried", () -> down.claimCalls() > 0);
        stuck.close();
        assertThat(line.depth(line.partitionOf(SHOW))).isEqualTo(1);
        assertThat(line.ledger().status(ticket).isFinal()).isFalse();

        start(LineWorkers.builder(line.connect(), store));
        booked(awaitFinal(line, List.of(ticket)).get(ticket));
    }

    @Test
    void closeIsGracefulAndTheLifecycleIsChecked() {
        store.addSeats(SHOW, List.of("A1"));
        LineWorkers workers = LineWorkers.builder(line, store).threads(3).workerName("lifecycle").build();
        workers.start();
        assertThatThrownBy(workers::start).isInstanceOf(IllegalStateException.class);
        Ticket ticket = submit("ann", "A1");
        booked(awaitFinal(line, List.of(ticket)).get(ticket));
        workers.close();
        workers.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("booking-line-lifecycle-"));
        assertThatThrownBy(workers::start).isInstanceOf(IllegalStateException.class);
        assertThat(IntStream.range(0, line.partitions()).mapToObj(line::holderOf)).allMatch(java.util.Optional::isEmpty);
        LineWorkers.builder(line, store).build().close(); // closing unstarted workers is harmless
    }

    @Test
    void theDefaultWorkerNameIsUniqueAndUsable() {
        LineWorkers one = LineWorkers.builder(line, store).build();
        LineWorkers two = LineWorkers.builder(line, store).build();
        assertThat(one.workerName()).matches("[A-Za-z0-9._-]+-\\d+-[0-9a-f]{4}").isNotEqualTo(two.workerName());
    }

    @Test
    void badSettingsAreIllegalArgumentsNamingTheSetting() {
        assertThatThrownBy(() -> LineWorkers.builder(null, store)).hasMessageContaining("transport");
        assertThatThrownBy(() -> LineWorkers.builder(line, null)).hasMessageContaining("seats");
        LineWorkers.Builder builder = LineWorkers.builder(line, store);
        assertThatThrownBy(() -> builder.threads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> builder.batchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> builder.batchSize(OrderedClaims.MAX_BATCH + 1)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> builder.pollWait(Duration.ZERO)).hasMessageContaining("pollWait");
        assertThatThrownBy(() -> builder.pollWait(null)).hasMessageContaining("pollWait");
        assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> builder.workerName("has space")).hasMessageContaining("workerName");
        assertThatThrownBy(() -> builder.workerName("")).hasMessageContaining("workerName");
        // the builder is immutable: a failed or successful setter leaves it as it was
        LineWorkers.Builder four = builder.threads(4);
        assertThat(four).isNotSameAs(builder);
    }
}
