package dev.booking.bench.jmh;

import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomSettings;

import java.lang.ref.Reference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Bytes a waiting room holds per waiting request: a room in front of a repository that does not
 * answer yet admits {@code N} requests, and the heap in use after a full collection is read before
 * and after; the difference over {@code N} is what one waiting request costs, including what the
 * caller handed in (seat and user ids, made for each request) and the future it was given, which the
 * room keeps until it answers. Each shape is measured {@link #REPEATS} times, each time on a new room,
 * and the median reported. Two shapes: every request for a seat of its own (a seat line each: the
 * most a request can cost) and all for one seat (one line). The target is under
 * {@value #TARGET_BYTES} bytes. (JOL's exact object graph cannot be used here: JOL 0.17 cannot read
 * the fields of records, which the ids are.)
 */
public final class WaitingFootprint {

    /** The target of issue 18: a waiting request holds less than this. */
    public static final int TARGET_BYTES = 1024;
    /** Requests held waiting in the measurement. */
    public static final int REQUESTS = 10_000;
    /** Measurements per shape, of which the median is reported. */
    public static final int REPEATS = 5;

    private WaitingFootprint() {
    }

    /**
     * One measurement.
     *
     * @param what        what held the requests
     * @param requests    how many were held
     * @param bytesBefore the graph's size before
     * @param bytesAfter  its size with the requests held
     */
    public record Measurement(String what, int requests, long bytesBefore, long bytesAfter) {

        /** Checks the counts. */
        public Measurement {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be at least 1, was " + requests);
            }
        }

        /** The bytes one held request adds. */
        public double bytesPerRequest() {
            return (bytesAfter - bytesBefore) / (double) requests;
        }

        /** Whether a request holds less than {@link #TARGET_BYTES}. */
        public boolean withinTarget() {
            return bytesPerRequest() < TARGET_BYTES;
        }
    }

    /**
     * Measures what {@code holder} keeps per request: the heap in use after a full collection before
     * and after {@code admit} was called with 0 to {@code requests - 1}.
     *
     * @param what     a name for the report
     * @param holder   what keeps the requests; kept reachable until the second reading
     * @param requests how many to admit
     * @param admit    admits request {@code i}, keeping nothing of it outside {@code holder}
     * @param settled  waits, after the last admission, until {@code holder} stopped changing
     */
    static Measurement measure(String what, Object holder, int requests, IntConsumer admit, Runnable settled) {
        long before = heapInUse();
        for (int i = 0; i < requests; i++) {
            admit.accept(i);
        }
        settled.run();
        long after = heapInUse();
        Reference.reachabilityFence(holder);
        return new Measurement(what, requests, before, after);
    }

    /** The heap in use once collections stopped freeing anything. */
    static long heapInUse() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = runtime.totalMemory() - runtime.freeMemory();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** Waits for the room's threads to end: until they do, they keep it reachable, and the next measurement would see it freed. */
    private static void awaitEnd(WaitingRoom room) {
        try {
            if (!room.awaitTermination(Duration.ofSeconds(10))) {
                throw new IllegalStateException("the waiting room's threads did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the room's threads to end", e);
        }
    }

    /** The median of {@code measurements} by bytes per request. */
    static Measurement median(List<Measurement> measurements) {
        List<Measurement> sorted = measurements.stream()
                .sorted(Comparator.comparingDouble(Measurement::bytesPerRequest)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Both shapes, {@link #REQUESTS} each, the median of {@link #REPEATS} measurements each. */
    public static List<Measurement> waitingRoom() {
        List<Measurement> medians = new ArrayList<>();
        for (boolean oneSeat : List.of(false, true)) {
            List<Measurement> repeated = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                repeated.add(waitingRoom(REQUESTS, oneSeat));
            }
            medians.add(median(repeated));
        }
        return medians;
    }

    /**
     * A room holding {@code requests} requests behind a repository that does not answer until the
     * measurement is over.
     *
     * @param requests how many requests wait
     * @param oneSeat  all for one seat, or each for a seat of its own
     */
    static Measurement waitingRoom(int requests, boolean oneSeat) {
        ShowId show = ShowId.of("jmh-footprint");
        InMemorySeatRepository seats = new InMemorySeatRepository();
        seats.addSeats(show, RepositoryBenchmarks.numbers("W", oneSeat ? 1 : requests));
        CountDownLatch answer = new CountDownLatch(1);
        Semaphore calling = new Semaphore(0);
        SeatRepository held = (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> {
                    calling.release();
                    answer.await();
                    try {
                        return method.invoke(seats, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        int workers = WaitingRoomSettings.DEFAULT_WORKERS;
        WaitingRoom room = WaitingRoom.builder(held).capacity(requests).workers(workers)
                .deadline(Duration.ofHours(1)).build();
        try {
            int blockedCalls = oneSeat ? 1 : Math.min(workers, requests);
            return measure(oneSeat ? "waiting room, all for one seat" : "waiting room, a seat each", room, requests,
                    i -> room.submit(show.seat(String.format("W%05d", oneSeat ? 0 : i)), UserId.of("waiting-" + i)),
                    () -> {
                        try {
                            if (!calling.tryAcquire(blockedCalls, 30, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the workers did not take the requests");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    });
        } finally {
            answer.countDown();
            room.shutdown(Duration.ofSeconds(10));
            awaitEnd(room);
        }
    }
}
