package dev.booking.queue.line;

import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.memory.InMemoryLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.booking.queue.line.LineTestSupport.accepted;
import static dev.booking.queue.line.LineTestSupport.await;
import static dev.booking.queue.line.LineTestSupport.awaitFinal;
import static dev.booking.queue.line.LineTestSupport.runTogether;
import static org.assertj.core.api.Assertions.assertThat;

class LineWorkersConcurrencyTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final TicketStatus TAKEN = new TicketStatus.Refused(TicketStatus.Reason.TAKEN);

    private final InMemoryLine line = InMemoryLine.builder().name("concurrency").partitions(4).build();
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

    @Test
    void aThousandForOneSeatFromTwoInstancesWithFourWorkersMakeOneBookingAndNineHundredNinetyNineRefusals() {
        store.addSeats(SHOW, List.of("A1"));
        List<InMemoryLine> instances = List.of(line, line.connect());
        LineWorkers first = start(LineWorkers.builder(instances.get(0), store).threads(2).workerName("first"));
        LineWorkers second = start(LineWorkers.builder(instances.get(1).connect(), store).threads(2).workerName("second"));
        List<SharedLine> fronts = instances.stream().map(view -> SharedLine.builder(view).build()).toList();

        int users = 1_000;
        int threads = 50;
        List<List<Ticket>> submitted = runTogether(threads, t -> () -> {
            List<Ticket> mine = new ArrayList<>();
            for (int u = t; u < users; u += threads) {
                ClaimRequest request = ClaimRequest.book(SHOW, UserId.of("user" + u), "A1");
                mine.add(accepted(fronts.get(u % 2).submit(request, "order-" + u)));
            }
            return mine;
        });
        List<Ticket> tickets = submitted.stream().flatMap(List::stream).toList();
        assertThat(tickets).hasSize(users).doesNotHaveDuplicates();

        Map<Ticket, TicketStatus> statuses = awaitFinal(line, tickets);
        List<Ticket> winners = tickets.stream().filter(t -> statuses.get(t) instanceof TicketStatus.Booked).toList();
        assertThat(winners).hasSize(1);
        assertThat(statuses.values().stream().filter(TAKEN::equals).count()).isEqualTo(users - 1);

        ClaimResult.Claimed claim = ((TicketStatus.Booked) statuses.get(winners.get(0))).claim();
        SeatState seat = store.findSeat(SHOW.seat("A1")).orElseThrow();
        assertThat(seat.status()).isEqualTo(SeatStatus.BOOKED);
        assertThat(seat.owner()).isEqualTo(claim.owner());
        assertThat(seat.reference()).isEqualTo(SharedLine.referenceFor(winners.get(0)));

        // a ticket settles before its request is acknowledged and counted: wait for both
        await("every request acknowledged", () -> line.depth(line.partitionOf(SHOW)) == 0);
        await("every decision counted", () -> first.stats().decided() + second.stats().decided() == users);
        LineWorkerStats one = first.stats();
        LineWorkerStats two = second.stats();
        assertThat(one.booked() + two.booked()).isEqualTo(1);
        assertThat(one.refused() + two.refused()).isEqualTo(users - 1);
        assertThat(one.failed() + two.failed()).isZero();
    }

    @Test
    void theFirstAcceptedRequestForAFreeSeatGetsItWhateverWorkerDecides() {
        List<String> seats = IntStream.range(0, 20).mapToObj(i -> "S" + i).toList();
        store.addSeats(SHOW, seats);
        SharedLine front = SharedLine.builder(line).build();
        // users take turns: for every seat, user0 asks first, then user1, ... ; accepted one after another
        List<List<Ticket>> bySeat = new ArrayList<>();
        for (String seat : seats) {
            List<Ticket> forSeat = new ArrayList<>();
            for (int u = 0; u < 5; u++) {
                forSeat.add(accepted(front.submit(ClaimRequest.book(SHOW, UserId.of("user" + u), seat))));
            }
            bySeat.add(forSeat);
        }
        start(LineWorkers.builder(line.connect(), store).threads(3).batchSize(7));
        start(LineWorkers.builder(line.connect(), store).threads(3).batchSize(3));
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, bySeat.stream().flatMap(List::stream).toList());
        for (List<Ticket> forSeat : bySeat) {
            assertThat(statuses.get(forSeat.get(0))).isInstanceOf(TicketStatus.Booked.class);
            assertThat(((TicketStatus.Booked) statuses.get(forSeat.get(0))).claim().owner()).isEqualTo(UserId.of("user0"));
            forSeat.subList(1, 5).forEach(t -> assertThat(statuses.get(t)).isEqualTo(TAKEN));
        }
    }

    @Test
    void aWorkerKilledInTheMiddleOfABatchIsTakenOverAndNothingIsDecidedTwice() throws Exception {
        List<String> seats = IntStream.range(0, 10).mapToObj(i -> "S" + i).toList();
        store.addSeats(SHOW, seats);
        SharedLine front = SharedLine.builder(line).build();
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tickets.add(accepted(front.submit(ClaimRequest.book(SHOW, UserId.of("user" + i), seats.get(i)))));
        }
        // rival requests behind them, for seats the first batch takes
        Ticket rival = accepted(front.submit(ClaimRequest.book(SHOW, UserId.of("rival"), "S1")));

        InMemoryLine doomedInstance = line.connect();
        CountingSeatRepository pausing = new CountingSeatRepository(store);
        CountDownLatch inThirdClaim = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        pausing.beforeClaim(request -> {
            if (request.user().equals(UserId.of("user2"))) {
                inThirdClaim.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        LineWorkers doomed = start(LineWorkers.builder(doomedInstance, pausing).batchSize(100).workerName("doomed"));
        assertThat(inThirdClaim.await(60, TimeUnit.SECONDS)).isTrue();
        // two claims are in the store, none settled; the process dies
        assertThat(store.findSeat(SHOW.seat("S0")).map(SeatState::owner)).contains(UserId.of("user0"));
        assertThat(line.ledger().statuses(tickets).values()).noneMatch(TicketStatus::isFinal);
        doomedInstance.crash();

        LineWorkers survivor = start(LineWorkers.builder(line.connect(), store).workerName("survivor"));
        List<Ticket> all = new ArrayList<>(tickets);
        all.add(rival);
        Map<Ticket, TicketStatus> statuses = awaitFinal(line, all);
        resume.countDown(); // the zombie's claim finds the survivor's (same reference); it can settle nothing

        for (int i = 0; i < 10; i++) {
            TicketStatus status = statuses.get(tickets.get(i));
            assertThat(status).isInstanceOf(TicketStatus.Booked.class);
            assertThat(((TicketStatus.Booked) status).claim().reference()).isEqualTo(SharedLine.referenceFor(tickets.get(i)));
            SeatState seat = store.findSeat(SHOW.seat(seats.get(i))).orElseThrow();
            assertThat(seat.owner()).isEqualTo(UserId.of("user" + i));
            assertThat(seat.reference()).isEqualTo(SharedLine.referenceFor(tickets.get(i)));
        }
        assertThat(statuses.get(rival)).isEqualTo(TAKEN);
        // a ticket is final before its worker counts it (settle, then count): wait for the count
        await("the survivor counts its 11 decisions", () -> survivor.stats().decided() == 11);
        doomed.close();
        assertThat(doomed.stats().decided()).isZero();
        assertThat(line.ledger().statuses(all)).isEqualTo(statuses);
    }
}
