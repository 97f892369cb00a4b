package dev.booking.queue.line;

import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static dev.booking.queue.line.LineTestSupport.PATIENCE;
import static dev.booking.queue.line.LineTestSupport.accepted;
import static dev.booking.queue.line.LineTestSupport.await;
import static dev.booking.queue.line.LineTestSupport.awaitFinal;
import static dev.booking.queue.line.LineTestSupport.runTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Workers with notices on: every queued request ends with exactly one notice, the refusals and
 * failures written by the workers after the ledger settles and before the broker's acknowledgement,
 * the bookings by the repository with its claim.
 */
class LineWorkersNoticesTest {

    private static final ShowId SHOW = ShowId.of("hamlet");

    private final InMemoryLine line = InMemoryLine.builder().name("notices-test").partitions(4).build();
    private final SharedLine front = SharedLine.builder(line).build();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    /** The repository writes its bookings' notices to the same outbox as the workers, with each claim. */
    private final InMemorySeatRepository store = InMemorySeatRepository.builder().outbox(outbox).build();
    /** How often the workers offered each notice id to the outbox. */
    private final Map<String, AtomicInteger> appends = new ConcurrentHashMap<>();
    /** The outbox as the workers get it: counted. */
    private final OutboxStore counted = intercepting(outbox,
            notice -> appends.computeIfAbsent(notice.id(), id -> new AtomicInteger()).incrementAndGet());
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

    /** Every notice in the outbox (no relay runs: all pending). */
    private List<Notice> written() {
        return outbox.list(OutboxState.PENDING, 10_000).stream().map(OutboxRecord::notice).toList();
    }

    private int appendsOf(String id) {
        AtomicInteger count = appends.get(id);
        return count == null ? 0 : count.get();
    }

    private Ticket submit(String user, String... seats) {
        return accepted(front.submit(ClaimRequest.book(SHOW, UserId.of(user), seats)));
    }

    /** The notices by the ticket whose reference they carry; fails on two for one ticket. */
    private static Map<Ticket, Notice> byTicket(List<Notice> notices, List<Ticket> tickets) {
        Map<String, Ticket> ticketOf = tickets.stream()
                .collect(Collectors.toMap(t -> SharedLine.referenceFor(t).value(), t -> t));
        Map<Ticket, Notice> by = new HashMap<>();
        for (Notice notice : notices) {
            Ticket ticket = ticketOf.get(notice.reference().value());
            assertThat(ticket).as("the ticket of notice %s", notice).isNotNull();
            assertThat(by.put(ticket, notice)).as("a second notice for ticket %s", ticket).isNull();
        }
        return by;
    }

    @Test
    void aThousandTicketsForOneSeatGetOneNoticeEachOneBookedTheRestRefusedEachForItsOwnUser() {
        store.addSeats(SHOW, List.of("A1"));
        List<InMemoryLine> instances = List.of(line, line.connect());
        start(LineWorkers.builder(instances.get(0), store).threads(2).workerName("first").notices(counted));
        start(LineWorkers.builder(instances.get(1).connect(), store).threads(2).workerName("second").notices(counted));
        List<SharedLine> fronts = instances.stream().map(view -> SharedLine.builder(view).build()).toList();

        int users = 1_000;
        int threads = 50;
        List<List<Ticket>> submitted = runTogether(threads, t -> () -> {
            List<Ticket> mine = new ArrayList<>();
            for (int u = t; u < users; u += threads) {
                mine.add(accepted(fronts.get(u % 2).submit(ClaimRequest.book(SHOW, UserId.of("user" + u), "A1"))));
            }
            return mine;
        });
        Map<Ticket, UserId> userOf = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            List<Ticket> mine = submitted.get(t);
            for (int i = 0; i < mine.size(); i++) {
                userOf.put(mine.get(i), UserId.of("user" + (t + i * threads)));
            }
        }
        List<Ticket> tickets = List.copyOf(userOf.keySet());
        assertThat(tickets).hasSize(users);

        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        // a notice is written just after its ticket settles: wait for them, then stop the workers
        await("a notice per ticket", () -> written().size() >= users);
        started.forEach(LineWorkers::close);

        Map<Ticket, Notice> notices = byTicket(written(), tickets);
        assertThat(notices).hasSize(users);
        List<Ticket> booked = tickets.stream().filter(t -> notices.get(t).kind() == Notice.Kind.BOOKED).toList();
        assertThat(booked).hasSize(1);
        assertThat(statuses.get(booked.get(0))).isInstanceOf(TicketStatus.Booked.class);
        for (Ticket ticket : tickets) {
            Notice notice = notices.get(ticket);
            assertThat(notice.user()).as("whom the notice of %s tells", ticket).isEqualTo(userOf.get(ticket));
            assertThat(notice.seats()).containsExactly(SHOW.seat("A1"));
            if (!ticket.equals(booked.get(0))) {
                assertThat(notice.kind()).isEqualTo(Notice.Kind.REFUSED);
                assertThat(notice.detail()).isEqualTo("TAKEN");
                assertThat(notice.id()).isEqualTo("ticket-" + ticket.id());
            }
        }
    }

    @Test
    void aWorkerThatCrashesAfterWritingItsNoticesAndBeforeAcknowledgingLeavesNoSecondNotice() throws Exception {
        store.addSeats(SHOW, List.of("A1"));
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tickets.add(submit("user" + i, "A1"));
        }
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch crashed = new CountDownLatch(1);
        OutboxStore held = intercepting(counted, notice -> {
            writing.countDown();
            awaitLatch(crashed);
        });
        InMemoryLine dying = line.connect();
        start(LineWorkers.builder(dying, store).workerName("dying").notices(held));
        assertThat(writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the worker writes its notices").isTrue();
        // settled, about to write: it dies, then its writes go through, and its acknowledgement cannot
        dying.crash();
        crashed.countDown();
        await("the dying worker's notices are written", () -> written().size() == 10);
        assertThat(line.depth(line.partitionOf(SHOW))).as("unacknowledged requests").isEqualTo(10);

        LineWorkers standby = start(LineWorkers.builder(line.connect(), store).workerName("standby").notices(counted));
        await("the redelivered requests are acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0);

        Map<Ticket, Notice> notices = byTicket(written(), tickets);
        assertThat(notices).hasSize(10);
        for (int i = 1; i < 10; i++) {
            assertThat(appendsOf("ticket-" + tickets.get(i).id()))
                    .as("the refusal of ticket %d was written by the dying worker and again by the standby", i)
                    .isEqualTo(2);
        }
        assertThat(standby.stats().decided()).as("tickets decided again").isZero();
    }

    @Test
    void aWorkerThatCrashesBeforeWritingItsNoticesLeavesThemToTheRedelivery() throws Exception {
        store.addSeats(SHOW, List.of("A1"));
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tickets.add(submit("user" + i, "A1"));
        }
        CountDownLatch writing = new CountDownLatch(1);
        OutboxStore down = intercepting(counted, notice -> {
            writing.countDown();
            throw new IllegalStateException("the outbox's database is down");
        });
        InMemoryLine dying = line.connect();
        start(LineWorkers.builder(dying, store).workerName("dying").notices(down));
        assertThat(writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the worker tries its notices").isTrue();
        assertThat(awaitFinal(line, tickets).values()).allMatch(TicketStatus::isFinal);
        assertThat(line.depth(line.partitionOf(SHOW))).as("requests acknowledged without their notices").isEqualTo(10);
        dying.crash();

        start(LineWorkers.builder(line.connect(), store).workerName("standby").notices(counted));
        await("the redelivered requests are acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0);

        Map<Ticket, Notice> notices = byTicket(written(), tickets);
        assertThat(notices).hasSize(10);
        assertThat(notices.get(tickets.get(0)).kind()).isEqualTo(Notice.Kind.BOOKED);
        assertThat(tickets.subList(1, 10)).allMatch(t -> notices.get(t).kind() == Notice.Kind.REFUSED);
    }

    @Test
    void aRequestIsNotAcknowledgedWhileItsNoticeCannotBeWritten() {
        store.addSeats(SHOW, List.of("A1"));
        AtomicBoolean down = new AtomicBoolean(true);
        OutboxStore flaky = intercepting(counted, notice -> {
            if (down.get()) {
                throw new IllegalStateException("the outbox's database is down");
            }
        });
        Ticket ann = submit("ann", "A1");
        Ticket bob = submit("bob", "A1");
        start(LineWorkers.builder(line, store).notices(flaky));
        awaitFinal(line, List.of(ann, bob));
        assertThat(line.depth(line.partitionOf(SHOW))).as("undecided or unacknowledged requests").isEqualTo(2);
        assertThat(outbox.find("ticket-" + bob.id())).isEmpty();

        down.set(false);
        await("acknowledged once the notice is written", () -> line.depth(line.partitionOf(SHOW)) == 0);
        assertThat(outbox.find("ticket-" + bob.id())).hasValueSatisfying(record -> {
            assertThat(record.notice().kind()).isEqualTo(Notice.Kind.REFUSED);
            assertThat(record.notice().user()).isEqualTo(UserId.of("bob"));
        });
    }

    @Test
    void aFailedTicketGetsAFailedNoticeAndAnUnreadableRequestIsCountedUnaddressed() {
        store.addSeats(SHOW, List.of("A1", "A2"));
        SeatRepository failing = intercepting(store, request -> {
            if (request.seatNumbers().contains("A2")) {
                throw new IllegalStateException("this request always fails");
            }
        });
        Ticket poison = Ticket.random();
        line.appendRaw(line.partitionOf(SHOW), poison, new byte[] {1, 2, 3});
        Ticket doomed = submit("ann", "A2");
        Ticket missing = submit("bob", "Z9");
        LineWorkers workers = start(LineWorkers.builder(line, failing).maxAttempts(2).notices(counted));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, List.of(poison, doomed, missing));
        assertThat(statuses.get(doomed)).isInstanceOf(TicketStatus.Failed.class);
        await("the notices are written", () -> written().size() == 2);
        await("acknowledged and dead-lettered", () -> line.depth(line.partitionOf(SHOW)) == 0);

        assertThat(outbox.find("ticket-" + doomed.id())).hasValueSatisfying(record -> {
            Notice notice = record.notice();
            assertThat(notice.kind()).isEqualTo(Notice.Kind.FAILED);
            assertThat(notice.detail()).isEqualTo(((TicketStatus.Failed) statuses.get(doomed)).why());
            assertThat(notice.user()).isEqualTo(UserId.of("ann"));
            assertThat(notice.reference()).isEqualTo(SharedLine.referenceFor(doomed));
            assertThat(notice.seats()).containsExactly(SHOW.seat("A2"));
        });
        assertThat(outbox.find("ticket-" + missing.id())).hasValueSatisfying(record -> {
            assertThat(record.notice().kind()).isEqualTo(Notice.Kind.REFUSED);
            assertThat(record.notice().detail()).isEqualTo("NO_SUCH_SEAT");
            assertThat(record.notice().seats()).containsExactly(SHOW.seat("Z9"));
        });
        assertThat(outbox.find("ticket-" + poison.id())).as("a notice for a request that names nobody").isEmpty();
        assertThat(workers.stats().unaddressed()).isEqualTo(1);
    }

    @Test
    void theNoticeTellsTheOutcomeTheLedgerHoldsNotTheWorkersOwn() {
        store.addSeats(SHOW, List.of("A1"));
        TicketStatus earlier = new TicketStatus.Failed("settled by another worker first");
        store.claim(ClaimRequest.book(SHOW, UserId.of("owner"), "A1"));
        Ticket bob = submit("bob", "A1");
        // another worker settles bob's ticket between this worker's decision and its settle
        LineTransport racing = settlingFirst(line, bob, earlier);
        start(LineWorkers.builder(racing, store).notices(counted));
        assertThat(awaitFinal(line, List.of(bob)).get(bob)).isEqualTo(earlier);
        await("acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0);

        assertThat(outbox.find("ticket-" + bob.id())).hasValueSatisfying(record -> {
            assertThat(record.notice().kind()).as("this worker decided TAKEN; the ledger holds a failure")
                    .isEqualTo(Notice.Kind.FAILED);
            assertThat(record.notice().detail()).isEqualTo("settled by another worker first");
        });
    }

    @Test
    void noticesMustNameAnOutbox() {
        assertThatIllegalArgumentException().isThrownBy(() -> LineWorkers.builder(line, store).notices(null))
                .withMessageContaining("notices");
    }

    // ------------------------------------------------------------------------------------ helpers

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the latch never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code outbox} with {@code before} run ahead of every append (to block or throw). */
    private static OutboxStore intercepting(OutboxStore outbox, Consumer<Notice> before) {
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("appendIfAbsent")) {
                        before.accept((Notice) args[0]);
                    }
                    return forward(method, outbox, args);
                });
    }

    /** {@code store} with {@code before} run ahead of every claim (to throw). */
    private static SeatRepository intercepting(SeatRepository store, Consumer<ClaimRequest> before) {
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claim") && args != null && args[0] instanceof ClaimRequest request) {
                        before.accept(request);
                    }
                    return forward(method, store, args);
                });
    }

    /** {@code line} whose ledger settles {@code earlier} for {@code ticket} just before any settle naming it. */
    private static LineTransport settlingFirst(LineTransport line, Ticket ticket, TicketStatus earlier) {
        return (LineTransport) Proxy.newProxyInstance(LineTransport.class.getClassLoader(),
                new Class<?>[] {LineTransport.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("ledger")) {
                        return forward(method, line, args);
                    }
                    TicketLedger ledger = line.ledger();
                    return Proxy.newProxyInstance(TicketLedger.class.getClassLoader(), new Class<?>[] {TicketLedger.class},
                            (p, m, a) -> {
                                if (m.getName().equals("settle") && ((Map<?, ?>) a[1]).containsKey(ticket)) {
                                    ledger.settle((Integer) a[0], Map.of(ticket, earlier));
                                }
                                return forward(m, ledger, a);
                            });
                });
    }

    private static Object forward(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
