package dev.booking.queue.redis;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport.AppendResult;
import dev.booking.tck.Race;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RedisLine against the shared Redis, each test on a line of its own, deleted afterwards. */
class RedisLineTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    private URI redis;
    private String name;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        redis = RedisTestLines.sharedRedis();
        name = RedisTestLines.uniqueName("line");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (redis != null) {
            RedisTestLines.deleteLine(redis, name);
        }
    }

    private RedisLine line(int partitions, long capacity) {
        RedisLine line = RedisLine.builder(redis).name(name).partitions(partitions).capacity(capacity).build();
        opened.add(line);
        return line;
    }

    private LineConsumer consumer(RedisLine line, String worker) {
        LineConsumer consumer = line.openConsumer(worker);
        opened.add(consumer);
        return consumer;
    }

    private static List<Delivery> pollUntil(LineConsumer consumer, int count) {
        List<Delivery> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(consumer.poll(count - got.size(), WAIT));
        }
        return got;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void appendsAreQueuedInOrderWithTheirPositions() {
        RedisLine line = line(1, 100);
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Envelope envelope = RedisTestLines.envelope("show-a", "A" + i);
            assertThat(line.append(0, envelope)).isEqualTo(new AppendResult.Appended());
            sent.add(envelope);
        }
        for (int i = 0; i < 3; i++) {
            TicketStatus status = line.ledger().status(sent.get(i).ticket());
            assertThat(status).isInstanceOf(TicketStatus.Queued.class);
            assertThat(((TicketStatus.Queued) status).position()).isEqualTo(i);
        }
        List<Delivery> got = pollUntil(consumer(line, "w1"), 3);
        assertThat(got).extracting(Delivery::ticket).containsExactly(
                sent.get(0).ticket(), sent.get(1).ticket(), sent.get(2).ticket());
        assertThat(got).allSatisfy(d -> {
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.partition()).isZero();
        });
        assertThat(Envelope.decode(got.get(0).payload())).isEqualTo(sent.get(0));
    }

    @Test
    void aFullPartitionRefusesAtOnceAndASettlementMakesRoom() {
        RedisLine line = line(1, 2);
        assertThat(line.append(0, RedisTestLines.envelope("s", "A1"))).isInstanceOf(AppendResult.Appended.class);
        assertThat(line.append(0, RedisTestLines.envelope("s", "A2"))).isInstanceOf(AppendResult.Appended.class);
        Envelope third = RedisTestLines.envelope("s", "A3");
        assertThat(line.append(0, third)).isEqualTo(new AppendResult.Full(2));
        assertThat(line.ledger().status(third.ticket())).isInstanceOf(TicketStatus.Unknown.class);

        LineConsumer consumer = consumer(line, "w1");
        List<Delivery> got = pollUntil(consumer, 2);
        assertThat(line.append(0, third)).as("delivered but undecided still counts").isInstanceOf(AppendResult.Full.class);
        TicketStatus refused = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);
        line.ledger().settle(0, Map.of(got.get(0).ticket(), refused));
        line.ledger().settle(0, Map.of(got.get(0).ticket(), refused)); // twice: counted once
        consumer.acknowledge(got.subList(0, 1));
        assertThat(line.append(0, third)).isInstanceOf(AppendResult.Appended.class);
        assertThat(line.append(0, RedisTestLines.envelope("s", "A4"))).isEqualTo(new AppendResult.Full(2));
    }

    @Test
    void appendingTheSameTicketTwiceQueuesItOnce() {
        RedisLine line = line(1, 10);
        Envelope envelope = RedisTestLines.envelope("s", "A1");
        line.append(0, envelope);
        line.append(0, envelope);
        LineConsumer consumer = consumer(line, "w1");
        List<Delivery> got = pollUntil(consumer, 1);
        consumer.acknowledge(got);
        assertThat(got).hasSize(1);
        assertThat(consumer.poll(10, WAIT)).isEmpty();
    }

    @Test
    void concurrentAppendsNeverPassTheCapacity() {
        RedisLine line = line(1, 50);
        List<Race.Attempt<AppendResult>> results = Race.run(200,
                caller -> () -> line.append(0, RedisTestLines.envelope("s", "A" + caller)), Duration.ofSeconds(60));
        assertThat(results).allSatisfy(a -> assertThat(a.failure()).isNull());
        long appended = results.stream().filter(a -> a.value() instanceof AppendResult.Appended).count();
        assertThat(appended).isEqualTo(50);
        LineConsumer consumer = consumer(line, "w1");
        List<Delivery> got = pollUntil(consumer, 50);
        assertThat(got).extracting(Delivery::ticket).doesNotHaveDuplicates().hasSize(50);
        consumer.acknowledge(got);
        assertThat(consumer.poll(10, WAIT)).isEmpty();
    }

    @Test
    void anUnacknowledgedDeliveryComesAgainWithTheNextAttemptBeforeAnythingLater() {
        RedisLine line = line(1, 10);
        Envelope first = RedisTestLines.envelope("s", "A1");
        line.append(0, first);
        LineConsumer consumer = consumer(line, "w1");
        List<Delivery> once = pollUntil(consumer, 1);
        line.append(0, RedisTestLines.envelope("s", "A2"));
        List<Delivery> again = consumer.poll(10, WAIT);
        assertThat(again).extracting(Delivery::ticket).containsExactly(first.ticket());
        assertThat(again.get(0).attempt()).isEqualTo(once.get(0).attempt() + 1);
        consumer.acknowledge(again);
        assertThat(pollUntil(consumer, 1)).extracting(d -> d.ticket().equals(first.ticket())).containsExactly(false);
    }

    @Test
    void aClosedConsumersPartitionAndPendingDeliveriesMoveAtOnce() {
        RedisLine one = line(1, 10);
        RedisLine two = RedisLine.builder(redis).name(name).partitions(1).capacity(10).build();
        opened.add(two);
        Envelope a = RedisTestLines.envelope("s", "A1");
        Envelope b = RedisTestLines.envelope("s", "A2");
        one.append(0, a);
        one.append(0, b);
        LineConsumer first = one.openConsumer("w1");
        assertThat(pollUntil(first, 2)).hasSize(2);
        LineConsumer second = consumer(two, "w2");
        assertThat(second.poll(10, WAIT)).as("partition still held by the first").isEmpty();
        first.close();
        List<Delivery> moved = pollUntil(second, 2);
        assertThat(moved).extracting(Delivery::ticket).containsExactly(a.ticket(), b.ticket());
        assertThat(moved).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
    }

    @Test
    void consumersShareThePartitionsAndNeverHoldOneTogether() throws InterruptedException {
        RedisLine one = line(4, 10);
        RedisLine two = RedisLine.builder(redis).name(name).partitions(4).capacity(10).build();
        opened.add(two);
        RedisLineConsumer first = (RedisLineConsumer) consumer(one, "w1");
        first.poll(1, WAIT);
        RedisLineConsumer second = (RedisLineConsumer) consumer(two, "w2");
        await("the two consumers split the four partitions", () -> {
            first.poll(1, Duration.ofMillis(50));
            second.poll(1, Duration.ofMillis(50));
            Set<Integer> a = first.held();
            Set<Integer> b = second.held();
            Set<Integer> both = new HashSet<>(a);
            both.retainAll(b);
            assertThat(both).as("held by both").isEmpty();
            return a.size() == 2 && b.size() == 2;
        });
    }

    @Test
    void aSettledDeadLetterKeepsTheRequestAndWhyAndMakesRoom() {
        RedisLine line = line(1, 1);
        Envelope envelope = RedisTestLines.envelope("s", "A1");
        line.append(0, envelope);
        LineConsumer consumer = consumer(line, "w1");
        Delivery delivery = pollUntil(consumer, 1).get(0);
        line.ledger().settle(0, Map.of(delivery.ticket(), new TicketStatus.Failed("poison")));
        consumer.deadLetter(delivery, "poison: cannot decode");
        assertThat(line.append(0, RedisTestLines.envelope("s", "A2"))).isInstanceOf(AppendResult.Appended.class);
        try (Jedis jedis = new Jedis(redis)) {
            var dead = jedis.xrange(new String(new Keys(name).dead()), (redis.clients.jedis.StreamEntryID) null, null);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getFields()).containsEntry("why", "poison: cannot decode")
                    .containsEntry("ticket", envelope.ticket().id());
        }
    }

    @Test
    void anEntryWithoutAValidTicketGoesToTheDeadLettersAndTheLineGoesOn() {
        RedisLine line = line(1, 10);
        Keys keys = new Keys(name);
        try (Jedis jedis = new Jedis(redis)) {
            jedis.xadd(keys.stream(0), XAddParams.xAddParams(),
                    Map.of(Keys.bytes("ticket"), Keys.bytes("not-a-ticket"), Keys.bytes("payload"), new byte[] {1, 2}));
        }
        Envelope after = RedisTestLines.envelope("s", "A1");
        line.append(0, after);
        LineConsumer consumer = consumer(line, "w1");
        assertThat(pollUntil(consumer, 1)).extracting(Delivery::ticket).containsExactly(after.ticket());
        try (Jedis jedis = new Jedis(redis)) {
            var dead = jedis.xrange(new String(keys.dead()), (redis.clients.jedis.StreamEntryID) null, null);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getFields()).containsEntry("why", "entry carries no valid ticket");
        }
    }

    @Test
    void theLedgerSettlesOnceAndReportsEveryState() {
        RedisLine line = line(1, 10);
        Envelope envelope = RedisTestLines.envelope("s", "A1");
        Ticket ticket = envelope.ticket();
        line.append(0, envelope);
        Ticket never = Ticket.random();
        assertThat(line.ledger().status(never)).isInstanceOf(TicketStatus.Unknown.class);
        line.ledger().processing(List.of(ticket, never));
        assertThat(line.ledger().status(ticket)).isInstanceOf(TicketStatus.Processing.class);
        assertThat(line.ledger().status(never)).as("processing makes no ticket").isInstanceOf(TicketStatus.Unknown.class);

        TicketStatus refused = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);
        assertThat(line.ledger().settle(0, Map.of(ticket, refused))).containsEntry(ticket, refused);
        TicketStatus failed = new TicketStatus.Failed("late");
        assertThat(line.ledger().settle(0, Map.of(ticket, failed))).as("set once").containsEntry(ticket, refused);
        line.ledger().processing(List.of(ticket));
        Map<Ticket, TicketStatus> all = line.ledger().statuses(List.of(ticket, never));
        assertThat(all).containsEntry(ticket, refused);
        assertThat(all.get(never)).isInstanceOf(TicketStatus.Unknown.class);
    }

    @Test
    void positionsMoveUpAsTicketsAreDecided() {
        RedisLine line = line(1, 100);
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Envelope envelope = RedisTestLines.envelope("s", "A" + i);
            line.append(0, envelope);
            tickets.add(envelope.ticket());
        }
        Map<Ticket, TicketStatus> outcomes = new LinkedHashMap<>();
        outcomes.put(tickets.get(0), new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
        outcomes.put(tickets.get(1), new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT));
        line.ledger().settle(0, outcomes);
        TicketStatus last = line.ledger().status(tickets.get(4));
        assertThat(((TicketStatus.Queued) last).position()).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyBindsOneTicketThroughTheSharedLine() {
        RedisLine line = line(2, 10);
        SharedLine front = SharedLine.builder(line).build();
        ClaimRequest request = ClaimRequest.book(ShowId.of("s"), UserId.of("ann"), "A1");
        SubmitResult first = front.submit(request, "order-1");
        SubmitResult again = front.submit(request, "order-1");
        assertThat(first).isInstanceOf(SubmitResult.Accepted.class);
        assertThat(again).isEqualTo(new SubmitResult.Accepted(((SubmitResult.Accepted) first).ticket(), true));
        assertThat(front.status("not-a-ticket")).isInstanceOf(TicketStatus.Unknown.class);
    }

    @Test
    void aTicketIsForgottenAfterTheRetention() throws InterruptedException {
        RedisLine line = RedisLine.builder(redis).name(name).partitions(1).retention(Duration.ofSeconds(1)).build();
        opened.add(line);
        Envelope envelope = RedisTestLines.envelope("s", "A1");
        line.append(0, envelope);
        line.ledger().settle(0, Map.of(envelope.ticket(), new TicketStatus.Failed("x")));
        await("the ticket is forgotten", () -> line.ledger().status(envelope.ticket()) instanceof TicketStatus.Unknown);
    }

    @Test
    void badConfigurationNamesItsField() {
        RedisLine.Builder builder = RedisLine.builder(redis);
        assertThatThrownBy(() -> builder.name("has space")).hasMessageContaining("name");
        assertThatThrownBy(() -> builder.name("a{b}")).hasMessageContaining("name");
        assertThatThrownBy(() -> builder.partitions(0)).hasMessageContaining("partitions");
        assertThatThrownBy(() -> builder.capacity(0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> builder.leaseTime(Duration.ofMillis(10))).hasMessageContaining("leaseTime");
        assertThatThrownBy(() -> builder.retention(Duration.ZERO)).hasMessageContaining("retention");
        assertThatThrownBy(builder::build).hasMessageContaining("name");
        assertThatThrownBy(() -> RedisLine.builder(URI.create("http://x"))).hasMessageContaining("uri");
        line(4, 10);
        assertThatThrownBy(() -> RedisLine.builder(redis).name(name).partitions(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
        RedisLine line = line(4, 10);
        assertThatThrownBy(() -> line.append(4, RedisTestLines.envelope("s", "A1"))).hasMessageContaining("partition");
        assertThatThrownBy(() -> line.openConsumer(" ")).hasMessageContaining("workerId");
    }

    @Test
    void theBacklogCountsWaitingRequestsWithTheOldestAgeAndFallsToZeroOnceAWorkerDrainedThem() throws InterruptedException {
        RedisLine line = line(2, 100);
        dev.booking.core.ShowId show = dev.booking.core.ShowId.of("backlog-" + name);
        dev.booking.core.memory.InMemorySeatRepository seats = new dev.booking.core.memory.InMemorySeatRepository();
        seats.addSeats(show, List.of("A1", "A2", "A3"));
        dev.booking.queue.line.SharedLine front = dev.booking.queue.line.SharedLine.builder(line).build();
        List<dev.booking.queue.line.Ticket> tickets = new ArrayList<>();
        for (String seat : List.of("A1", "A2", "A3")) {
            tickets.add(((dev.booking.queue.line.SubmitResult.Accepted) front.submit(
                    dev.booking.core.ClaimRequest.book(show, dev.booking.core.UserId.of("u-" + seat), seat))).ticket());
        }
        int partition = line.partitionOf(show);
        Thread.sleep(50); // so that the oldest request is measurably old

        dev.booking.queue.line.LineBacklog waiting = line.backlog(partition).orElseThrow();
        assertThat(waiting.waiting()).isEqualTo(3);
        assertThat(waiting.oldestAge()).hasValueSatisfying(age -> assertThat(age).isGreaterThanOrEqualTo(Duration.ofMillis(40)));
        assertThat(line.backlog(1 - partition)).contains(dev.booking.queue.line.LineBacklog.of(1 - partition, 0, Duration.ZERO));

        dev.booking.queue.line.LineWorkers workers = dev.booking.queue.line.LineWorkers.builder(line, seats).threads(1)
                .pollWait(Duration.ofMillis(50)).build().start();
        opened.add(workers);
        await("every ticket is final", () -> tickets.stream().allMatch(t -> front.status(t).isFinal()));
        await("the backlog is empty", () -> line.backlog(partition).orElseThrow().waiting() == 0);
        assertThat(front.backlog()).extracting(dev.booking.queue.line.LineBacklog::waiting).containsOnly(0L);
    }
}
