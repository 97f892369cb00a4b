package dev.booking.queue.rabbitmq;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.TicketStatus;
import dev.booking.tck.Race;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submits with confirms from many threads, as a service's request threads would: every submit is
 * accepted and known to the ledger; the pace and the p99 are printed (not asserted: the machine
 * decides them), for the README's figures.
 */
class RabbitMqSubmitPaceTest {

    @Test
    void manyThreadsSubmitWithConfirmsAndEveryTicketIsKnown() {
        URI uri = RabbitMqTestBroker.uri();
        String name = RabbitMqTestBroker.uniqueName("pace");
        int threads = 32;
        int each = 125;
        try (RabbitMqLine line = RabbitMqLine.builder(uri).name(name).partitions(8).capacity(100_000).build()) {
            SharedLine front = SharedLine.builder(line).build();
            long start = System.nanoTime();
            List<dev.booking.queue.line.Ticket> tickets = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Race.Attempt<long[]>> attempts = Race.run(threads, caller -> () -> {
                long[] nanos = new long[each];
                for (int i = 0; i < each; i++) {
                    long t0 = System.nanoTime();
                    SubmitResult result = front.submit(ClaimRequest.book(ShowId.of("show-" + (i % 16)),
                            UserId.of("u" + caller + "-" + i), "S" + i));
                    nanos[i] = System.nanoTime() - t0;
                    assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
                    tickets.add(((SubmitResult.Accepted) result).ticket());
                }
                return nanos;
            }, Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> all = new ArrayList<>();
            for (Race.Attempt<long[]> attempt : attempts) {
                assertThat(attempt.failure()).as("caller %d", attempt.caller()).isNull();
                Arrays.stream(attempt.value()).forEach(all::add);
            }
            all.sort(null);
            long p99 = all.get((int) (all.size() * 0.99)) / 1_000;
            System.err.printf("booking-queue-rabbitmq: %d submits with confirms from %d threads: %.0f/s, p50 %d us, p99 %d us%n",
                    all.size(), threads, all.size() / seconds, all.get(all.size() / 2) / 1_000, p99);
            assertThat(all).hasSize(threads * each);
            assertThat(line.ledger().statuses(tickets).values()).as("every accepted ticket, as the ledger reads it")
                    .allSatisfy(status -> assertThat(status).isInstanceOf(TicketStatus.Queued.class));
        } finally {
            RabbitMqTestBroker.deleteLine(uri, name, 8);
        }
    }
}
