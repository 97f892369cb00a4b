package dev.booking.examples;

import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.memory.InMemoryLine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's shared line samples do what the README says, on the in-memory line. */
class SharedLinesRunTest {

    @Test
    void annIsBookedBobIsToldTakenAndAMalformedTicketIsUnknown() throws InterruptedException {
        SeatRepository seats = InMemorySeatRepository.builder().build();
        ShowId show = ShowId.of("hamlet-2026-12-01");
        seats.addSeats(show, List.of("A7"));
        InMemoryLine first = InMemoryLine.builder().name("cinema").build();
        InMemoryLine second = first.connect(); // another instance of the service

        SharedLines.Answer ann = SharedLines.book(first, show, UserId.of("ann"), "A7", "order-1");
        SharedLines.Answer bob = SharedLines.book(second, show, UserId.of("bob"), "A7", "order-2");
        SharedLines.Answer annAgain = SharedLines.book(second, show, UserId.of("ann"), "A7", "order-1");

        assertThat(ann.status()).isEqualTo(202);
        assertThat(bob.status()).isEqualTo(202);
        assertThat(annAgain.body()).as("a retried submit with the same key").isEqualTo(ann.body());
        assertThat(SharedLines.poll(second, ann.body())).startsWith("processing...");

        try (LineWorkers workers = LineWorkers.builder(first, seats).threads(2).build().start()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (SharedLines.poll(second, bob.body()).startsWith("processing") && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        }
        assertThat(SharedLines.poll(second, ann.body())).isEqualTo("booked: [hamlet-2026-12-01/A7]");
        assertThat(SharedLines.poll(first, bob.body())).isEqualTo("sorry, taken");
        assertThat(SharedLines.poll(first, "not-a-ticket")).isEqualTo("something went wrong: please try again");
    }
}
