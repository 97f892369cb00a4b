package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
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

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RabbitMqLine against the shared broker: each test on a line of its own, deleted afterwards. */
class RabbitMqLineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private URI uri;
    private String name;
    private int partitions;
    private final List<RabbitMqLine> opened = new ArrayList<>();

    @BeforeEach
    void broker() {
        uri = RabbitMqTestBroker.uri();
        name = RabbitMqTestBroker.uniqueName("line");
    }

    @AfterEach
    void cleanUp() {
        opened.forEach(RabbitMqLine::close);
        if (partitions > 0) {
            RabbitMqTestBroker.deleteLine(uri, name, partitions);
        }
    }

    private RabbitMqLine open(int partitions, long capacity) {
        this.partitions = partitions;
        RabbitMqLine line = RabbitMqLine.builder(uri).name(name).partitions(partitions).capacity(capacity).build();
        opened.add(line);
        return line;
    }

    static Envelope envelope(String seat) {
        Ticket ticket = Ticket.random();
        return new Envelope(ticket, ClaimRequest.book(ShowId.of("show-1"), UserId.of("user-" + seat), seat), Instant.now());
    }

    static List<Delivery> pollAll(LineConsumer consumer, int count) {
        List<Delivery> all = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(consumer.poll(count - all.size(), Duration.ofMillis(200)));
        }
        return all;
    }

    @Test
    void requestsArriveInAcceptanceOrderAndTheFirstSettlementStands() {
        RabbitMqLine line = open(2, 1000);
        List<Ticket> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Envelope envelope = envelope("A" + i);
            assertThat(line.append(0, envelope)).isEqualTo(new AppendResult.Appended());
            appended.add(envelope.ticket());
        }
        TicketStatus first = line.ledger().status(appended.get(0));
        TicketStatus last = line.ledger().status(appended.get(29));
        assertThat(first).isInstanceOf(TicketStatus.Queued.class);
        assertThat(((TicketStatus.Queued) last).position()).isGreaterThan(((TicketStatus.Queued) first).position());

        try (LineConsumer consumer = line.openConsumer("worker-1")) {
            List<Delivery> deliveries = pollAll(consumer, 30);
            assertThat(deliveries).extracting(Delivery::ticket).containsExactlyElementsOf(appended);
            assertThat(deliveries).allSatisfy(d -> {
                assertThat(d.attempt()).isEqualTo(1);
                assertThat(d.partition()).isZero();
                assertThat(Envelope.decode(d.payload()).ticket()).isEqualTo(d.ticket());
            });
            line.ledger().processing(appended);
            assertThat(line.ledger().status(appended.get(0))).isInstanceOf(TicketStatus.Processing.class);
            Map<Ticket, TicketStatus> refused = new java.util.LinkedHashMap<>();
            appended.forEach(t -> refused.put(t, new TicketStatus.Refused(TicketStatus.Reason.TAKEN)));
            assertThat(line.ledger().settle(0, refused)).isEqualTo(refused);
            // a second decision (a redelivery decided again) does not change what stands
            Map<Ticket, TicketStatus> failed = Map.of(appended.get(0), new TicketStatus.Failed("late"));
            assertThat(line.ledger().settle(0, failed)).isEqualTo(Map.of(appended.get(0), refused.get(appended.get(0))));
            consumer.acknowledge(deliveries);
        }
        RabbitMqLine other = RabbitMqLine.builder(uri).name(name).partitions(2).capacity(1000).build();
        opened.add(other);
        // a new instance reads the whole ledger before it answers
        assertThat(other.ledger().statuses(appended).values())
                .containsOnly(new TicketStatus.Refused(TicketStatus.Reason.TAKEN));
        assertThat(other.ledger().status(Ticket.random())).isEqualTo(new TicketStatus.Unknown());
    }

    @Test
    void aFullPartitionAnswersFullAndDropsNothing() {
        RabbitMqLine line = open(1, 3);
        List<Ticket> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Envelope envelope = envelope("B" + i);
            assertThat(line.append(0, envelope)).isEqualTo(new AppendResult.Appended());
            accepted.add(envelope.ticket());
        }
        Envelope refused = envelope("B3");
        AppendResult result = line.append(0, refused);
        int extra = 0;
        while (result instanceof AppendResult.Appended && extra < 20) {
            accepted.add(refused.ticket());
            extra++;
            refused = envelope("B" + (3 + extra));
            result = line.append(0, refused);
        }
        assertThat(extra).isZero();
        assertThat(result).isEqualTo(new AppendResult.Full(3));
        assertThat(line.ledger().status(refused.ticket())).isEqualTo(new TicketStatus.Unknown());
        try (LineConsumer consumer = line.openConsumer("worker-1")) {
            List<Delivery> deliveries = pollAll(consumer, accepted.size());
            assertThat(deliveries).extracting(Delivery::ticket).containsExactlyElementsOf(accepted);
            // room again once they are decided (settled), as workers do before they acknowledge
            Map<Ticket, TicketStatus> outcomes = new java.util.LinkedHashMap<>();
            accepted.forEach(t -> outcomes.put(t, new TicketStatus.Refused(TicketStatus.Reason.TAKEN)));
            line.ledger().settle(0, outcomes);
            consumer.acknowledge(deliveries);
            assertThat(consumer.poll(10, Duration.ofMillis(300))).isEmpty();
        }
        assertThat(line.append(0, envelope("B4"))).isEqualTo(new AppendResult.Appended());
    }

    @Test
    void aQueueThatRefusesTheRequestTakesItsQueuedRecordBack() throws Exception {
        RabbitMqLine line = open(1, 16);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection raw = factory.newConnection(); Channel channel = raw.createChannel()) {
            channel.confirmSelect();
            // fill the queue behind the ledger's back (as other instances or undecided leftovers
            // could): this instance still thinks the partition is empty
            int published = 0;
            boolean refused = false;
            while (!refused && published < 100) {
                channel.basicPublish("", line.queueName(0), true, null, envelope("X" + published).encode());
                refused = !channel.waitForConfirms(WAIT.toMillis());
                published++;
            }
            assertThat(refused).as("the queue refuses at its x-max-length").isTrue();

            Envelope envelope = envelope("R1");
            assertThat(line.append(0, envelope)).isEqualTo(new AppendResult.Full(16));
            RabbitMqLine other = RabbitMqLine.builder(uri).name(name).partitions(1).capacity(16).build();
            opened.add(other);
            assertThat(line.ledger().status(envelope.ticket())).isEqualTo(new TicketStatus.Unknown());
            assertThat(other.ledger().status(envelope.ticket())).isEqualTo(new TicketStatus.Unknown());

            // the withdrawn request holds no room: once the queue is empty, all 16 places are free
            channel.queuePurge(line.queueName(0));
        }
        List<Ticket> appended = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Envelope envelope = envelope("A" + i);
            assertThat(line.append(0, envelope)).as("append %d", i).isEqualTo(new AppendResult.Appended());
            appended.add(envelope.ticket());
        }
        assertThat(line.append(0, envelope("A16"))).isEqualTo(new AppendResult.Full(16));
        assertThat(line.ledger().statuses(appended).values())
                .allSatisfy(status -> assertThat(status).isInstanceOf(TicketStatus.Queued.class));
    }

    @Test
    void instancesAgreeOnTheFirstBindingAndTheFirstSettlement() {
        RabbitMqLine one = open(1, 1000);
        RabbitMqLine two = RabbitMqLine.builder(uri).name(name).partitions(1).capacity(1000).build();
        opened.add(two);
        List<Race.Attempt<Ticket>> binds = Race.run(16, i -> () -> (i % 2 == 0 ? one : two).ledger()
                .bind("order-42", Ticket.random()), WAIT);
        Set<Ticket> bound = new HashSet<>();
        binds.forEach(a -> {
            assertThat(a.failure()).isNull();
            bound.add(a.value());
        });
        assertThat(bound).hasSize(1);

        Ticket ticket = Ticket.random();
        List<Race.Attempt<TicketStatus>> settles = Race.run(8, i -> () -> (i % 2 == 0 ? one : two).ledger()
                .settle(0, Map.of(ticket, new TicketStatus.Failed("attempt " + i))).get(ticket), WAIT);
        Set<TicketStatus> standing = new HashSet<>();
        settles.forEach(a -> {
            assertThat(a.failure()).isNull();
            standing.add(a.value());
        });
        assertThat(standing).hasSize(1);
        assertThat(standing).containsExactly(one.ledger().status(ticket));
        assertThat(two.ledger().status(ticket)).isEqualTo(one.ledger().status(ticket));
    }

    @Test
    void aClosedConsumerHandsItsPartitionOverWithItsUnacknowledgedRequestsFirst() {
        RabbitMqLine one = open(1, 1000);
        RabbitMqLine two = RabbitMqLine.builder(uri).name(name).partitions(1).capacity(1000).build();
        opened.add(two);
        List<Ticket> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Envelope envelope = envelope("C" + i);
            one.append(0, envelope);
            appended.add(envelope.ticket());
        }
        LineConsumer first = one.openConsumer("worker-a");
        List<Delivery> taken = pollAll(first, 5);
        assertThat(taken).extracting(Delivery::ticket).containsExactlyElementsOf(appended);
        try (LineConsumer second = two.openConsumer("worker-b")) {
            // the single active consumer is the first: the second waits
            assertThat(second.poll(10, Duration.ofMillis(500))).isEmpty();
            first.acknowledge(taken.subList(0, 2));
            first.close();
            List<Delivery> handedOver = pollAll(second, 3);
            assertThat(handedOver).extracting(Delivery::ticket).containsExactlyElementsOf(appended.subList(2, 5));
            assertThat(handedOver).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
            second.acknowledge(handedOver);
        }
    }

    @Test
    void aDeadLetteredRequestWaitsInTheDeadQueueWithWhy() throws Exception {
        RabbitMqLine line = open(1, 1000);
        Envelope envelope = envelope("D1");
        line.append(0, envelope);
        try (LineConsumer consumer = line.openConsumer("worker-1")) {
            Delivery delivery = pollAll(consumer, 1).get(0);
            consumer.deadLetter(delivery, "cannot decode");
            assertThat(consumer.poll(1, Duration.ofMillis(300))).isEmpty();
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            GetResponse dead = channel.basicGet(line.deadLetterQueueName(), true);
            assertThat(dead).isNotNull();
            assertThat(dead.getProps().getMessageId()).isEqualTo(envelope.ticket().id());
            assertThat(dead.getProps().getHeaders().get("x-booking-why").toString()).isEqualTo("cannot decode");
            assertThat(dead.getBody()).isEqualTo(envelope.encode());
        }
    }

    @Test
    void aLineGivenSeveralAddressesConnectsThroughOneThatAnswers() throws java.io.IOException {
        this.partitions = 1;
        com.rabbitmq.client.Address nobody = new com.rabbitmq.client.Address("127.0.0.1", closedPort());
        com.rabbitmq.client.Address broker = new com.rabbitmq.client.Address(uri.getHost(), uri.getPort());
        try (RabbitMqLine line = RabbitMqLine.builder(uri).addresses(nobody, broker).name(name).partitions(1).capacity(10).build()) {
            assertThat(line.connectedPort()).isEqualTo(uri.getPort());
            assertThat(line.append(0, envelope("M1"))).isEqualTo(new AppendResult.Appended());
        }
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        RabbitMqLine.Builder builder = RabbitMqLine.builder(uri);
        assertThatThrownBy(() -> builder.name("a b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> builder.partitions(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
        assertThatThrownBy(() -> builder.capacity(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> builder.addresses(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addresses");
        assertThatThrownBy(() -> builder.addresses((com.rabbitmq.client.Address[]) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("addresses");
        assertThatThrownBy(() -> builder.addresses(new com.rabbitmq.client.Address("h1", 5672), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addresses[1]");
        assertThatThrownBy(() -> builder.retention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> builder.deliveryLimit(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryLimit");
        assertThatThrownBy(() -> RabbitMqLine.builder(URI.create("http://x"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
        RabbitMqLine line = open(2, 10);
        assertThatThrownBy(() -> line.append(2, envelope("E1"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
        assertThatThrownBy(() -> line.ledger().settle(0, Map.of(Ticket.random(), new TicketStatus.Processing())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }

    @Test
    void theBacklogCountsWaitingRequestsWithAnUnknownAgeAndFallsToZeroOnceAWorkerDrainedThem() throws InterruptedException {
        RabbitMqLine line = open(2, 100);
        ShowId show = ShowId.of("backlog-" + name);
        dev.booking.core.memory.InMemorySeatRepository seats = new dev.booking.core.memory.InMemorySeatRepository();
        seats.addSeats(show, List.of("A1", "A2", "A3"));
        dev.booking.queue.line.SharedLine front = dev.booking.queue.line.SharedLine.builder(line).build();
        List<Ticket> tickets = new ArrayList<>();
        for (String seat : List.of("A1", "A2", "A3")) {
            tickets.add(((dev.booking.queue.line.SubmitResult.Accepted) front.submit(
                    ClaimRequest.book(show, UserId.of("u-" + seat), seat))).ticket());
        }
        int partition = line.partitionOf(show);
        awaitTrue("the backlog counts the three", () -> line.backlog(partition).orElseThrow().waiting() == 3);
        assertThat(line.backlog(partition).orElseThrow().oldestAge()).as("the age, which the queue does not tell").isEmpty();
        assertThat(line.backlog(1 - partition)).contains(dev.booking.queue.line.LineBacklog.of(1 - partition, 0, Duration.ZERO));

        try (dev.booking.queue.line.LineWorkers workers = dev.booking.queue.line.LineWorkers.builder(line, seats).threads(1)
                .pollWait(Duration.ofMillis(50)).build().start()) {
            awaitTrue("every ticket is final", () -> tickets.stream().allMatch(t -> front.status(t).isFinal()));
            awaitTrue("the backlog is empty", () -> line.backlog(partition).orElseThrow().waiting() == 0);
            // a worker counts a decision just after settling it, so a ticket reads final a moment before it is counted
            awaitTrue("the worker counted the three bookings", () -> workers.stats().booked() == 3);
        }
    }

    /** A port nothing listens on: one the system just handed out and took back. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
