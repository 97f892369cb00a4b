package dev.booking.micrometer;

import dev.booking.core.BookingException;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomResult;
import dev.booking.queue.waitingroom.WaitingRoomStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitingRoomMetricsTest {

    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final Tags TAGS = Tags.of("room", "box-office");

    private final CountDownLatch gate = new CountDownLatch(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theMetersFollowTheRoomsStatsThroughEveryKindOfAnswer() throws Exception {
        WaitingRoom room = WaitingRoom.builder(gatedStore()).capacity(3).workers(1).deadline(Duration.ofSeconds(60)).build();
        new WaitingRoomMetrics(room, TAGS).bindTo(registry);
        assertThat(room.submitAndWait(seat("A1"), UserId.of("ann"))).isInstanceOf(WaitingRoomResult.Served.class);
        assertThat(room.submitAndWait(seat("A1"), UserId.of("ann"))).isInstanceOf(WaitingRoomResult.Served.class);
        // a repository failure reaches the caller as it was thrown, and is counted failed
        assertThatThrownBy(() -> room.submitAndWait(seat("FAIL"), UserId.of("ann"))).isInstanceOf(BookingException.class);
        CompletableFuture<WaitingRoomResult> slow = room.submit(seat("SLOW"), UserId.of("bob"));
        awaitCallInFlight(room);
        CompletableFuture<WaitingRoomResult> queuedOne = room.submit(seat("B1"), UserId.of("cat"));
        CompletableFuture<WaitingRoomResult> queuedTwo = room.submit(seat("B2"), UserId.of("dan"));
        assertThat(room.submit(seat("B3"), UserId.of("eve")).join()).isInstanceOf(WaitingRoomResult.Busy.class);

        assertMetersFollow(room.stats());
        assertThat(gauge(BookingMeters.WAITING_ROOM_WAITING)).isEqualTo(3);
        assertThat(gauge(BookingMeters.WAITING_ROOM_IN_FLIGHT)).isEqualTo(1);
        assertThat(answered(BookingMeters.BUSY)).isEqualTo(1);

        room.shutdown(Duration.ZERO); // the running call times out, the two waiting are closed
        gate.countDown();
        assertThat(slow.join()).isInstanceOf(WaitingRoomResult.TimedOut.class);
        assertThat(queuedOne.join()).isInstanceOf(WaitingRoomResult.Closed.class);
        assertThat(queuedTwo.join()).isInstanceOf(WaitingRoomResult.Closed.class);
        // the timed-out caller is answered at once; the repository call itself ends once the gate is
        // open, and a snapshot taken before that would disagree with the live gauge read after it
        awaitNoCallInFlight(room);
        assertMetersFollow(room.stats());
        assertThat(gauge(BookingMeters.WAITING_ROOM_IN_FLIGHT)).isZero();
        assertThat(answered(BookingMeters.SERVED)).isEqualTo(2);
        assertThat(answered(BookingMeters.FAILED)).isEqualTo(1);
        assertThat(answered(BookingMeters.TIMED_OUT)).isEqualTo(1);
        assertThat(answered(BookingMeters.CLOSED)).isEqualTo(2);
        assertThat(counter(BookingMeters.WAITING_ROOM_SUBMITTED)).isEqualTo(7);
        assertThat(registry.get(BookingMeters.WAITING_ROOM_WAITING).gauge().getId().getTag("room")).isEqualTo("box-office");
    }

    @Test
    void missingArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new WaitingRoomMetrics(null, TAGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room");
        try (WaitingRoom room = WaitingRoom.builder(new InMemorySeatRepository()).build()) {
            assertThatThrownBy(() -> new WaitingRoomMetrics(room, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tags");
        }
    }

    private void assertMetersFollow(WaitingRoomStats stats) {
        assertThat(gauge(BookingMeters.WAITING_ROOM_WAITING)).as("waiting").isEqualTo(stats.queueDepth());
        assertThat(gauge(BookingMeters.WAITING_ROOM_IN_FLIGHT)).as("in flight").isEqualTo(stats.callsInFlight());
        assertThat(counter(BookingMeters.WAITING_ROOM_SUBMITTED)).as("submitted").isEqualTo(stats.submitted());
        assertThat(counter(BookingMeters.WAITING_ROOM_SHORT_CIRCUITED)).as("short-circuited").isEqualTo(stats.shortCircuited());
        assertThat(counter(BookingMeters.WAITING_ROOM_REPOSITORY_CALLS)).as("repository calls").isEqualTo(stats.repositoryCalls());
        assertThat(answered(BookingMeters.SERVED)).as("served").isEqualTo(stats.served());
        assertThat(answered(BookingMeters.BUSY)).as("busy").isEqualTo(stats.busy());
        assertThat(answered(BookingMeters.TIMED_OUT)).as("timed out").isEqualTo(stats.timedOut());
        assertThat(answered(BookingMeters.FAILED)).as("failed").isEqualTo(stats.failed());
        assertThat(answered(BookingMeters.CLOSED)).as("closed").isEqualTo(stats.closed());
    }

    private double gauge(String name) {
        return registry.get(name).tags(TAGS).gauge().value();
    }

    private double counter(String name) {
        return registry.get(name).tags(TAGS).functionCounter().count();
    }

    private double answered(String outcome) {
        return registry.get(BookingMeters.WAITING_ROOM_ANSWERED).tags(TAGS).tag(BookingMeters.OUTCOME, outcome)
                .functionCounter().count();
    }

    private static void awaitCallInFlight(WaitingRoom room) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (room.stats().callsInFlight() < 1) {
            assertThat(System.nanoTime() - giveUp).as("the slow call never started").isNegative();
            Thread.sleep(5);
        }
    }

    private static void awaitNoCallInFlight(WaitingRoom room) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (room.stats().callsInFlight() > 0) {
            assertThat(System.nanoTime() - giveUp).as("the slow call never ended").isNegative();
            Thread.sleep(5);
        }
    }

    private static SeatId seat(String number) {
        return SeatId.of(SHOW.value(), number);
    }

    /** Seats A1, B1 to B3 and SLOW, whose booking waits for the gate; booking FAIL throws. */
    private SeatRepository gatedStore() {
        InMemorySeatRepository store = new InMemorySeatRepository();
        store.addSeats(SHOW, List.of("A1", "B1", "B2", "B3", "SLOW"));
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(), new Class<?>[] {SeatRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("tryBook")) {
                        String number = ((SeatId) args[0]).number();
                        if (number.equals("FAIL")) {
                            throw new BookingException(BookingException.Failure.CONNECTION, "the store is down");
                        }
                        if (number.equals("SLOW")) {
                            gate.await();
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
