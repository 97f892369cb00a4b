package dev.booking.queue.line;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.booking.queue.line.LineTestSupport.accepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedLineTest {

    private static final ShowId SHOW = ShowId.of("hamlet");

    private final InMemoryLine line = InMemoryLine.builder().name("shared-line-test").partitions(2).capacity(5).build();
    private final SharedLine front = SharedLine.builder(line).build();
    private final int partition = line.partitionOf(SHOW);

    private static ClaimRequest book(String user, String seat) {
        return ClaimRequest.book(SHOW, UserId.of(user), seat);
    }

    @Test
    void aSubmitAnswersATicketAtOnceThatIsQueuedInOrder() {
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SubmitResult result = front.submit(book("user" + i, "A1"));
            assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
            assertThat(((SubmitResult.Accepted) result).duplicate()).isFalse();
            tickets.add(accepted(result));
        }
        for (int i = 0; i < 3; i++) {
            TicketStatus status = front.status(tickets.get(i));
            assertThat(status).isInstanceOf(TicketStatus.Queued.class);
            assertThat(((TicketStatus.Queued) status).position()).isEqualTo(i);
            assertThat(((TicketStatus.Queued) status).estimatedWait()).isPositive();
            assertThat(front.status(tickets.get(i).id())).isEqualTo(status);
        }
        assertThat(line.depth(partition)).isEqualTo(3);
    }

    @Test
    void theRequestInTheLineCarriesTheTicketsReferenceWhateverItHad() {
        ClaimRequest request = book("ann", "A1");
        Ticket ticket = accepted(front.submit(request));
        try (LineConsumer consumer = line.openConsumer("reader")) {
            List<Delivery> batch = consumer.poll(10, Duration.ofSeconds(5));
            assertThat(batch).hasSize(1);
            Envelope envelope = Envelope.decode(batch.get(0).payload());
            assertThat(envelope.ticket()).isEqualTo(ticket);
            assertThat(envelope.request().reference()).isEqualTo(SharedLine.referenceFor(ticket));
            assertThat(envelope.request().reference()).isNotEqualTo(request.reference());
            assertThat(envelope.request().withReference(request.reference())).isEqualTo(request);
        }
    }

    @Test
    void aRetriedSubmitWithTheSameKeyAnswersTheSameTicketFromAnyInstance() {
        SharedLine otherInstance = SharedLine.builder(line.connect()).build();
        SubmitResult first = front.submit(book("ann", "A1"), "order-17");
        SubmitResult again = front.submit(book("ann", "A1"), "order-17");
        SubmitResult elsewhere = otherInstance.submit(book("ann", "A1"), "order-17");
        assertThat(((SubmitResult.Accepted) first).duplicate()).isFalse();
        assertThat(again).isEqualTo(new SubmitResult.Accepted(accepted(first), true));
        assertThat(elsewhere).isEqualTo(new SubmitResult.Accepted(accepted(first), true));
        assertThat(line.depth(partition)).isEqualTo(1);
        assertThat(accepted(front.submit(book("ann", "A1"), "order-18"))).isNotEqualTo(accepted(first));
    }

    @Test
    void pastCapacityASubmitIsBusyAndQueuesNothing() {
        for (int i = 0; i < 5; i++) {
            accepted(front.submit(book("user" + i, "A1")));
        }
        SubmitResult busy = front.submit(book("late", "A1"), "order-late");
        assertThat(busy).isEqualTo(new SubmitResult.Busy(Duration.ofSeconds(1)));
        assertThat(line.depth(partition)).isEqualTo(5);

        // once the line moves, the same key is accepted; its ticket was never queued before
        try (LineConsumer consumer = line.openConsumer("reader")) {
            consumer.acknowledge(consumer.poll(1, Duration.ofSeconds(5)));
        }
        SubmitResult later = front.submit(book("late", "A1"), "order-late");
        assertThat(later).isInstanceOf(SubmitResult.Accepted.class);
        assertThat(((SubmitResult.Accepted) later).duplicate()).isFalse();
        assertThat(line.depth(partition)).isEqualTo(5);
    }

    @Test
    void theBusyHintIsConfigurable() {
        SharedLine patient = SharedLine.builder(line).busyRetryAfter(Duration.ofSeconds(7)).build();
        for (int i = 0; i < 5; i++) {
            accepted(patient.submit(book("user" + i, "A1")));
        }
        assertThat(patient.submit(book("late", "A1"))).isEqualTo(new SubmitResult.Busy(Duration.ofSeconds(7)));
        assertThatThrownBy(() -> SharedLine.builder(line).busyRetryAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    }

    @Test
    void badInputIsAnIllegalArgumentNamingTheFieldAndQueuesNothing() {
        assertThatThrownBy(() -> front.submit(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request");
        assertThatThrownBy(() -> front.submit(null, "order-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request");
        for (String key : List.of("", "   ", "x".repeat(SharedLine.MAX_IDEMPOTENCY_KEY_LENGTH + 1), "order\n1", "a\u0000b")) {
            assertThatThrownBy(() -> front.submit(book("ann", "A1"), key)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("idempotencyKey");
        }
        assertThatThrownBy(() -> SharedLine.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transport");
        assertThatThrownBy(() -> front.status((Ticket) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket");
        assertThat(line.depth(partition)).isZero();
        assertThat(line.depth(1 - partition)).isZero();
        // a key of the longest length is fine
        accepted(front.submit(book("ann", "A1"), "k".repeat(SharedLine.MAX_IDEMPOTENCY_KEY_LENGTH)));
    }

    @Test
    void unknownAndMalformedTicketIdsAnswerUnknownNeverAnException() {
        accepted(front.submit(book("ann", "A1")));
        assertThat(front.status(Ticket.random())).isEqualTo(new TicketStatus.Unknown());
        assertThat(front.status(Ticket.random().id())).isEqualTo(new TicketStatus.Unknown());
        for (String id : new String[] {null, "", "nope", "a".repeat(200), "%00%00", "a".repeat(21) + "!"}) {
            assertThat(front.status(id)).isEqualTo(new TicketStatus.Unknown());
        }
    }

    @Test
    void aTicketOfAnotherLineIsUnknownHere() {
        InMemoryLine other = InMemoryLine.builder().name("other").build();
        Ticket elsewhere = accepted(SharedLine.builder(other).build().submit(book("ann", "A1")));
        assertThat(front.status(elsewhere)).isEqualTo(new TicketStatus.Unknown());
    }

    @Test
    void statsCountEachAnswerADuplicateAsAcceptedAndAThrownSubmitNowhere() {
        accepted(front.submit(book("ann", "A1"), "order-1"));
        accepted(front.submit(book("ann", "A1"), "order-1")); // the same ticket again: accepted
        for (int i = 0; i < 4; i++) {
            accepted(front.submit(book("user" + i, "A1")));
        }
        assertThat(front.submit(book("late", "A1"))).isInstanceOf(SubmitResult.Busy.class);
        assertThatThrownBy(() -> front.submit(null)).isInstanceOf(IllegalArgumentException.class);

        assertThat(front.stats()).isEqualTo(new SharedLineStats(6, 1));
        assertThat(SharedLine.builder(line).build().stats()).as("another instance counts its own")
                .isEqualTo(new SharedLineStats(0, 0));
    }

    @Test
    void theBacklogCountsTheUndecidedPerPartitionWithTheOldestAgeAndFallsToZeroOnceDecided() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-06T10:00:00Z"));
        InMemoryLine timed = InMemoryLine.builder().name("backlog").partitions(2).clock(clock).build();
        SharedLine timedFront = SharedLine.builder(timed).clock(clock).build();
        int busyPartition = timed.partitionOf(SHOW);
        assertThat(timedFront.backlog()).containsExactly(LineBacklog.of(0, 0, Duration.ZERO), LineBacklog.of(1, 0, Duration.ZERO));

        accepted(timedFront.submit(book("ann", "A1")));
        clock.advance(Duration.ofSeconds(3));
        accepted(timedFront.submit(book("bob", "A2")));
        clock.advance(Duration.ofSeconds(2));
        assertThat(timed.backlog(busyPartition)).contains(LineBacklog.of(busyPartition, 2, Duration.ofSeconds(5)));
        assertThat(timed.backlog(1 - busyPartition)).contains(LineBacklog.of(1 - busyPartition, 0, Duration.ZERO));

        try (LineConsumer consumer = timed.openConsumer("reader")) {
            List<Delivery> first = consumer.poll(1, Duration.ofSeconds(5));
            // delivered and not yet acknowledged is still undecided, and still the oldest
            assertThat(timed.backlog(busyPartition)).contains(LineBacklog.of(busyPartition, 2, Duration.ofSeconds(5)));
            consumer.acknowledge(first);
            assertThat(timed.backlog(busyPartition)).contains(LineBacklog.of(busyPartition, 1, Duration.ofSeconds(2)));
            consumer.acknowledge(consumer.poll(1, Duration.ofSeconds(5)));
        }
        assertThat(timedFront.backlog().stream().mapToLong(LineBacklog::waiting).sum()).isZero();
        assertThatThrownBy(() -> timed.backlog(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
    }

    @Test
    void aTransportThatCannotTellItsBacklogAnswersEmpty() {
        FlakyTransport plain = new FlakyTransport(line);
        assertThat(plain.backlog(0)).isEmpty();
        assertThat(SharedLine.builder(plain).build().backlog()).isEmpty();
    }
}
