package dev.booking.queue.line;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryLineTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Envelope envelope(String user) {
        Ticket ticket = Ticket.random();
        ClaimRequest request = ClaimRequest.book(SHOW, UserId.of(user), "A1");
        return new Envelope(ticket, request.withReference(SharedLine.referenceFor(ticket)), Instant.now());
    }

    private static List<Ticket> appendAll(LineTransport line, int partition, int count) {
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope envelope = envelope("user" + i);
            assertThat(line.append(partition, envelope)).isEqualTo(new LineTransport.AppendResult.Appended());
            tickets.add(envelope.ticket());
        }
        return tickets;
    }

    private static List<Ticket> tickets(List<Delivery> batch) {
        return batch.stream().map(Delivery::ticket).toList();
    }

    @Test
    void aPartitionIsDeliveredInAcceptanceOrderInBatchesOfAtMostMax() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        List<Ticket> appended = appendAll(line, 0, 10);
        try (LineConsumer consumer = line.openConsumer("w")) {
            List<Delivery> first = consumer.poll(4, WAIT);
            assertThat(tickets(first)).isEqualTo(appended.subList(0, 4));
            assertThat(first).allSatisfy(d -> {
                assertThat(d.attempt()).isEqualTo(1);
                assertThat(d.partition()).isZero();
                assertThat(Envelope.decode(d.payload()).ticket()).isEqualTo(d.ticket());
            });
            consumer.acknowledge(first);
            List<Delivery> rest = consumer.poll(100, WAIT);
            assertThat(tickets(rest)).isEqualTo(appended.subList(4, 10));
            consumer.acknowledge(rest);
            assertThat(consumer.poll(100, Duration.ZERO)).isEmpty();
        }
        assertThat(line.depth(0)).isZero();
    }

    @Test
    void aPollWaitsForTheFirstRequestAndAnswersEmptyWhenNoneCame() throws Exception {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        try (LineConsumer consumer = line.openConsumer("w")) {
            assertThat(consumer.poll(10, Duration.ofMillis(20))).isEmpty();
            Thread appender = new Thread(() -> appendAll(line.connect(), 0, 1));
            appender.start();
            List<Delivery> batch = consumer.poll(10, Duration.ofSeconds(60));
            appender.join();
            assertThat(batch).hasSize(1);
        }
    }

    @Test
    void aPartitionIsHeldByOneConsumerAndSharedOutFairly() {
        InMemoryLine line = InMemoryLine.builder().partitions(4).build();
        InMemoryLine otherInstance = line.connect();
        try (LineConsumer first = line.openConsumer("first")) {
            first.poll(1, Duration.ZERO);
            assertThat(IntStream.range(0, 4).mapToObj(line::holderOf)).allMatch(h -> h.equals(java.util.Optional.of("first")));

            try (LineConsumer second = otherInstance.openConsumer("second")) {
                assertThat(second.poll(1, Duration.ZERO)).isEmpty(); // nothing free yet
                first.poll(1, Duration.ZERO);                         // hands back what is beyond its share
                second.poll(1, Duration.ZERO);
                long byFirst = IntStream.range(0, 4).filter(p -> line.holderOf(p).equals(java.util.Optional.of("first"))).count();
                long bySecond = IntStream.range(0, 4).filter(p -> line.holderOf(p).equals(java.util.Optional.of("second"))).count();
                assertThat(byFirst).isEqualTo(2);
                assertThat(bySecond).isEqualTo(2);

                // a request goes only to the holder of its partition
                int secondsPartition = IntStream.range(0, 4)
                        .filter(p -> line.holderOf(p).equals(java.util.Optional.of("second"))).findFirst().orElseThrow();
                appendAll(line, secondsPartition, 1);
                assertThat(first.poll(10, Duration.ZERO)).isEmpty();
                assertThat(second.poll(10, WAIT)).hasSize(1).allMatch(d -> d.partition() == secondsPartition);
            }
            // the second closed: its partitions are free again for the first
            first.poll(1, Duration.ZERO);
            assertThat(IntStream.range(0, 4).mapToObj(line::holderOf)).allMatch(h -> h.equals(java.util.Optional.of("first")));
        }
        assertThat(IntStream.range(0, 4).mapToObj(line::holderOf)).allMatch(java.util.Optional::isEmpty);
    }

    @Test
    void consumersOnSeveralInstancesNeverShareAPartitionAndDeliverEachRequestOnceInOrder() throws Exception {
        InMemoryLine line = InMemoryLine.builder().partitions(3).capacity(100_000).build();
        List<InMemoryLine> instances = List.of(line, line.connect());
        int perPartition = 2_000;
        AtomicReferenceArray<String> busy = new AtomicReferenceArray<>(3);
        Map<Integer, List<Ticket>> delivered = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Map<Integer, List<Ticket>> appended = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            appended.put(p, appendAll(line, p, perPartition));
            delivered.put(p, new CopyOnWriteArrayList<>());
        }
        for (int i = 0; i < 4; i++) {
            String name = "w" + i;
            LineConsumer consumer = instances.get(i % 2).openConsumer(name);
            Thread thread = new Thread(() -> {
                try (consumer) {
                    int taken = 0;
                    while (delivered.values().stream().mapToInt(List::size).sum() < 3 * perPartition) {
                        List<Delivery> batch = consumer.poll(1 + taken % 7, Duration.ofMillis(5));
                        if (batch.isEmpty()) {
                            continue;
                        }
                        int p = batch.get(0).partition();
                        if (!busy.compareAndSet(p, null, name)) {
                            overlaps.add(name + " got partition " + p + " while " + busy.get(p) + " had it");
                        }
                        delivered.get(p).addAll(tickets(batch));
                        busy.set(p, null); // before the acknowledgement: until then nobody else may take p
                        consumer.acknowledge(batch);
                        taken++;
                        if (taken % 50 == 0) {
                            consumer.close(); // a graceful handover now and then, then a new consumer
                            return;
                        }
                    }
                }
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        // replace consumers that handed over until everything is delivered
        long deadline = System.nanoTime() + LineTestSupport.PATIENCE.toNanos();
        int spare = 100;
        while (delivered.values().stream().mapToInt(List::size).sum() < 3 * perPartition && System.nanoTime() < deadline) {
            for (int i = 0; i < threads.size(); i++) {
                if (!threads.get(i).isAlive()) {
                    String name = "spare" + spare++;
                    LineConsumer consumer = instances.get(spare % 2).openConsumer(name);
                    Thread thread = new Thread(() -> {
                        try (consumer) {
                            while (delivered.values().stream().mapToInt(List::size).sum() < 3 * perPartition) {
                                List<Delivery> batch = consumer.poll(5, Duration.ofMillis(5));
                                if (batch.isEmpty()) {
                                    continue;
                                }
                                int p = batch.get(0).partition();
                                if (!busy.compareAndSet(p, null, name)) {
                                    overlaps.add(name + " got partition " + p + " while " + busy.get(p) + " had it");
                                }
                                delivered.get(p).addAll(tickets(batch));
                                busy.set(p, null);
                                consumer.acknowledge(batch);
                            }
                        }
                    });
                    threads.set(i, thread);
                    thread.start();
                }
            }
            Thread.sleep(5);
        }
        for (Thread thread : threads) {
            thread.join(LineTestSupport.PATIENCE.toMillis());
        }
        assertThat(overlaps).isEmpty();
        for (int p = 0; p < 3; p++) {
            assertThat(delivered.get(p)).as("partition %d", p).isEqualTo(appended.get(p));
            assertThat(line.depth(p)).isZero();
        }
    }

    @Test
    void aClosedConsumersUnacknowledgedDeliveriesGoFirstToTheNextWithOneMoreAttempt() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        List<Ticket> appended = appendAll(line, 0, 5);
        LineConsumer first = line.openConsumer("first");
        List<Delivery> batch = first.poll(3, WAIT);
        first.acknowledge(batch.subList(0, 1));
        first.close();
        first.close(); // idempotent
        assertThatThrownBy(() -> first.poll(1, Duration.ZERO)).isInstanceOf(IllegalStateException.class);

        try (LineConsumer next = line.connect().openConsumer("next")) {
            List<Delivery> redelivered = next.poll(10, WAIT);
            assertThat(tickets(redelivered)).isEqualTo(appended.subList(1, 5));
            assertThat(redelivered.stream().map(Delivery::attempt)).containsExactly(2, 2, 1, 1);
        }
    }

    @Test
    void aCrashedInstanceLosesItsPartitionsAndCanDoNothingMore() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        InMemoryLine doomed = line.connect();
        List<Ticket> appended = appendAll(line, 0, 4);
        LineConsumer dying = doomed.openConsumer("dying");
        List<Delivery> batch = dying.poll(2, WAIT);
        assertThat(line.holderOf(0)).contains("dying");

        doomed.crash();
        assertThat(line.holderOf(0)).isEmpty();
        assertThatThrownBy(() -> dying.poll(1, Duration.ZERO)).isInstanceOf(BookingException.class);
        assertThatThrownBy(() -> dying.acknowledge(batch)).isInstanceOf(BookingException.class);
        assertThatThrownBy(() -> doomed.ledger().status(appended.get(0))).isInstanceOf(BookingException.class);
        assertThatThrownBy(() -> doomed.append(0, envelope("x"))).isInstanceOf(BookingException.class);
        dying.close(); // closing a dead consumer is harmless

        try (LineConsumer survivor = line.openConsumer("survivor")) {
            List<Delivery> redelivered = survivor.poll(10, WAIT);
            assertThat(tickets(redelivered)).isEqualTo(appended);
            assertThat(redelivered.stream().map(Delivery::attempt)).containsExactly(2, 2, 1, 1);
            // crashed again before acknowledging: counted once more
        }
        try (LineConsumer third = line.openConsumer("third")) {
            assertThat(third.poll(10, WAIT).stream().map(Delivery::attempt)).containsExactly(3, 3, 2, 2);
        }
    }

    @Test
    void aStaleAcknowledgementDoesNotTouchTheNewHoldersDeliveries() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        appendAll(line, 0, 2);
        LineConsumer slow = line.openConsumer("slow");
        List<Delivery> old = slow.poll(2, WAIT);
        // the slow consumer's partition is taken over after it closed; its later ack is ignored
        slow.close();
        try (LineConsumer next = line.openConsumer("next")) {
            List<Delivery> mine = next.poll(2, WAIT);
            assertThat(mine).hasSize(2);
            LineConsumer zombie = line.openConsumer("zombie");
            zombie.acknowledge(old);
            zombie.close();
            assertThat(line.depth(0)).isEqualTo(2);
            next.acknowledge(mine);
            assertThat(line.depth(0)).isZero();
        }
    }

    @Test
    void capacityCountsEveryRequestNotYetAcknowledged() {
        InMemoryLine line = InMemoryLine.builder().partitions(2).capacity(2).build();
        appendAll(line, 0, 2);
        assertThat(line.append(0, envelope("late"))).isEqualTo(new LineTransport.AppendResult.Full(2));
        assertThat(line.append(1, envelope("other partition"))).isEqualTo(new LineTransport.AppendResult.Appended());
        try (LineConsumer consumer = line.openConsumer("w")) {
            List<Delivery> batch = new ArrayList<>();
            while (batch.size() < 3) {
                batch.addAll(consumer.poll(10, WAIT));
            }
            assertThat(line.append(0, envelope("late"))).isEqualTo(new LineTransport.AppendResult.Full(2));
            Delivery first = batch.stream().filter(d -> d.partition() == 0).findFirst().orElseThrow();
            consumer.acknowledge(List.of(first));
            assertThat(line.append(0, envelope("late"))).isEqualTo(new LineTransport.AppendResult.Appended());
            Delivery second = batch.stream().filter(d -> d.partition() == 0).skip(1).findFirst().orElseThrow();
            consumer.deadLetter(second, "poison");
            assertThat(line.depth(0)).isEqualTo(1);
        }
        assertThat(line.deadLetters()).hasSize(1).allSatisfy(letter -> {
            assertThat(letter.why()).isEqualTo("poison");
            assertThat(letter.partition()).isZero();
        });
    }

    @Test
    void aRequestRefusedForCapacityLeavesNoTraceInTheLedger() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).capacity(1).build();
        appendAll(line, 0, 1);
        Envelope late = envelope("late");
        assertThat(line.append(0, late)).isInstanceOf(LineTransport.AppendResult.Full.class);
        assertThat(line.ledger().status(late.ticket())).isEqualTo(new TicketStatus.Unknown());
    }

    @Test
    void theLedgerSettlesOnceAndReportsTheFirstOutcomeForGood() {
        InMemoryLine line = InMemoryLine.builder().partitions(1).build();
        TicketLedger ledger = line.connect().ledger();
        List<Ticket> tickets = appendAll(line, 0, 3);
        assertThat(ledger.status(tickets.get(2))).isInstanceOf(TicketStatus.Queued.class);
        ledger.processing(List.of(tickets.get(0)));
        assertThat(ledger.status(tickets.get(0))).isEqualTo(new TicketStatus.Processing());

        TicketStatus refused = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);
        TicketStatus failed = new TicketStatus.Failed("something else");
        assertThat(ledger.settle(0, Map.of(tickets.get(0), refused))).isEqualTo(Map.of(tickets.get(0), refused));
        assertThat(ledger.settle(0, Map.of(tickets.get(0), failed))).isEqualTo(Map.of(tickets.get(0), refused));
        ledger.processing(List.of(tickets.get(0)));
        assertThat(line.ledger().status(tickets.get(0))).isEqualTo(refused);

        // positions count down as tickets ahead are decided
        assertThat(((TicketStatus.Queued) ledger.status(tickets.get(2))).position()).isEqualTo(1);
        assertThat(ledger.statuses(tickets)).containsEntry(tickets.get(0), refused)
                .containsEntry(tickets.get(1), new TicketStatus.Queued(0, ((TicketStatus.Queued) ledger.status(tickets.get(1))).estimatedWait()));

        assertThatThrownBy(() -> ledger.settle(0, Map.of(tickets.get(1), new TicketStatus.Processing())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes");
        assertThatThrownBy(() -> ledger.settle(5, Map.of(tickets.get(1), refused)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
        assertThat(ledger.status(tickets.get(1))).isInstanceOf(TicketStatus.Queued.class);
    }

    @Test
    void anIdempotencyKeyStaysBoundToItsFirstTicket() {
        InMemoryLine line = InMemoryLine.builder().build();
        Ticket first = Ticket.random();
        assertThat(line.ledger().bind("order-1", first)).isEqualTo(first);
        assertThat(line.connect().ledger().bind("order-1", Ticket.random())).isEqualTo(first);
        Ticket other = Ticket.random();
        assertThat(line.ledger().bind("order-2", other)).isEqualTo(other);
    }

    @Test
    void settledTicketsAndKeysAreForgottenAfterRetention() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        InMemoryLine line = InMemoryLine.builder().partitions(1).retention(Duration.ofMinutes(10)).clock(clock).build();
        Ticket bound = Ticket.random();
        line.ledger().bind("order-1", bound);
        List<Ticket> tickets = appendAll(line, 0, 2);
        TicketStatus refused = new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT);
        line.ledger().settle(0, Map.of(tickets.get(0), refused));

        clock.advance(Duration.ofMinutes(9));
        assertThat(line.ledger().status(tickets.get(0))).isEqualTo(refused);
        assertThat(line.ledger().bind("order-1", Ticket.random())).isEqualTo(bound);

        clock.advance(Duration.ofMinutes(2));
        assertThat(line.ledger().status(tickets.get(0))).isEqualTo(new TicketStatus.Unknown());
        assertThat(line.ledger().bind("order-1", Ticket.random())).isNotEqualTo(bound);
        // an undecided ticket is not forgotten: it is still in the line
        assertThat(line.ledger().status(tickets.get(1))).isInstanceOf(TicketStatus.Queued.class);
    }

    @Test
    void theEstimatedWaitFollowsThePartitionsPace() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        InMemoryLine line = InMemoryLine.builder().partitions(1).capacity(100_000).clock(clock).build();
        List<Ticket> tickets = appendAll(line, 0, 2_000);
        // 50 decisions every 100 ms: 500 per second
        int next = 0;
        for (int step = 0; step < 20; step++) {
            Map<Ticket, TicketStatus> outcomes = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                outcomes.put(tickets.get(next++), new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
            }
            line.ledger().settle(0, outcomes);
            clock.advance(Duration.ofMillis(100));
        }
        TicketStatus.Queued last = (TicketStatus.Queued) line.ledger().status(tickets.get(1_999));
        assertThat(last.position()).isEqualTo(1_999 - 1_000);
        // about 1000 ahead at about 500 per second: about 2 seconds
        assertThat(last.estimatedWait()).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(2_600));
    }

    @Test
    void badArgumentsAreIllegalArgumentsNamingTheSetting() {
        assertThatThrownBy(() -> InMemoryLine.builder().partitions(0)).hasMessageContaining("partitions");
        assertThatThrownBy(() -> InMemoryLine.builder().partitions(InMemoryLine.MAX_PARTITIONS + 1))
                .hasMessageContaining("partitions");
        assertThatThrownBy(() -> InMemoryLine.builder().capacity(0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> InMemoryLine.builder().retention(Duration.ZERO)).hasMessageContaining("retention");
        assertThatThrownBy(() -> InMemoryLine.builder().retention(null)).hasMessageContaining("retention");
        assertThatThrownBy(() -> InMemoryLine.builder().name(" ")).hasMessageContaining("name");
        assertThatThrownBy(() -> InMemoryLine.builder().clock(null)).hasMessageContaining("clock");
        InMemoryLine line = InMemoryLine.builder().partitions(2).build();
        assertThatThrownBy(() -> line.append(2, envelope("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> line.append(0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("envelope");
        assertThatThrownBy(() -> line.openConsumer(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerId");
        try (LineConsumer consumer = line.openConsumer("w")) {
            assertThatThrownBy(() -> consumer.poll(0, WAIT)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("max");
            assertThatThrownBy(() -> consumer.poll(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
        }
        assertThat(line.depth(0) + line.depth(1)).isZero();
    }

    @Test
    void viewsShareOneLineAndAClosedViewIsNoLongerUsable() {
        InMemoryLine line = InMemoryLine.builder().name("shared").partitions(2).capacity(7).build();
        InMemoryLine other = line.connect();
        assertThat(other.name()).isEqualTo("shared");
        assertThat(other.partitions()).isEqualTo(2);
        assertThat(other.capacity()).isEqualTo(7);
        List<Ticket> tickets = appendAll(line, 1, 1);
        assertThat(other.ledger().status(tickets.get(0))).isInstanceOf(TicketStatus.Queued.class);
        assertThat(other.depth(1)).isEqualTo(1);
        line.close();
        line.close();
        assertThatThrownBy(() -> line.append(0, envelope("x"))).isInstanceOf(IllegalStateException.class);
        try (LineConsumer consumer = other.openConsumer("w")) {
            assertThat(tickets(consumer.poll(5, WAIT))).isEqualTo(tickets);
        }
    }
}
