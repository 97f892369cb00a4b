package dev.booking.bench.perf;

import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.Store;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * The stadium on-sale of issue 18. Three phases on one fresh show:
 * <ol>
 *   <li>the show's seats are added through the library's {@code addSeats}, {@link StadiumSizes#addBatch}
 *       at a time from one thread, timed;</li>
 *   <li>the sale opens: {@link StadiumSizes#users} platform threads, one per user, released together by
 *       the kit's {@link Race}, share the {@link StadiumCrowd}'s planned attempts in a closed loop (a
 *       user's next attempt starts when its previous one is answered; virtual threads are not on Java
 *       17, and a thread per user keeps a thousand users really concurrent). A user granted a hold it
 *       means to confirm "pays" (sleeps) and then confirms, on its own thread: a small pool of payment
 *       threads would get a few of the two cores' time slices beside a thousand users, and nearly every
 *       confirmation would come too late. A lapsed hold is sold again, and a sweeper thread calls
 *       {@code sweepExpiredHolds} every {@value #SWEEP_EVERY_MILLIS} ms;</li>
 *   <li>when the planned attempts are used up, the same users walk the seats left in order and book
 *       each, a seat found held being tried again {@value #RETRY_AFTER_MILLIS} ms later, until every
 *       seat is sold or {@link StadiumSizes#cap} has passed since the sale opened.</li>
 * </ol>
 * Then, once every hold has expired, {@link StadiumCheck} compares what the users were told with the
 * show as stored. Latency is per planned attempt, around the call.
 */
final class StadiumRun {

    /** The crowd's seed: issue 18. Library and baseline face the same attempts. */
    static final long SEED = 18;
    /** How often the sweeper clears lapsed holds. */
    static final int SWEEP_EVERY_MILLIS = 100;
    /** Holds cleared per {@code sweepExpiredHolds} call. */
    static final int SWEEP_LIMIT = 1_000;
    /** After the planned attempts, a seat found held is tried again this much later. */
    static final int RETRY_AFTER_MILLIS = 100;
    /**
     * How long after the cap to wait for the users' calls in flight before declaring the run stuck: on a
     * store that has slowed to a few calls a second, a thousand calls in flight take minutes to drain.
     */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private StadiumRun() {
    }

    /** The on-sale on the backend's store, through the library, on a fresh show that is removed afterwards. */
    static RunResult library(Session session, StadiumSizes sizes, String pairKey) throws InterruptedException {
        Store store = session.store();
        ShowId show = session.shows().next();
        try {
            return run(session.kind(), Variants.LIBRARY, store.repository(), show, sizes, pairKey);
        } finally {
            store.dropShow(show);
        }
    }

    /**
     * The baseline: the same on-sale on the library's in-memory reference repository in this JVM, one
     * instance per row ({@link RowsInMemory} says why), which shows what the harness and a thousand
     * threads on this machine reach with no store behind them.
     */
    static RunResult inMemory(Session session, StadiumSizes sizes, String pairKey) throws InterruptedException {
        return run(session.kind(), Variants.IN_MEMORY, new RowsInMemory(sizes.rows()), session.shows().next(), sizes,
                pairKey);
    }

    /**
     * Runs the three phases on {@code repository} and checks the show.
     *
     * @param backend    the backend the result is filed under
     * @param variant    the variant name
     * @param repository where the seats are sold
     * @param show       a show with no seats yet
     */
    static RunResult run(BackendKind backend, String variant, SeatRepository repository, ShowId show,
                         StadiumSizes sizes, String pairKey) throws InterruptedException {
        int seatCount = sizes.seats();
        List<String> numbers = IntStream.range(0, seatCount).mapToObj(sizes::number).toList();
        long addStart = System.nanoTime();
        for (int from = 0; from < seatCount; from += sizes.addBatch()) {
            repository.addSeats(show, numbers.subList(from, Math.min(seatCount, from + sizes.addBatch())));
        }
        long addNanos = System.nanoTime() - addStart;

        OnSale sale = new OnSale(repository, sizes, numbers.stream().map(show::seat).toList());
        sale.open();
        List<SeatState> stored = repository.listSeats(show);
        return sale.result(backend, variant, pairKey, addNanos, stored);
    }

    /** A seat to try again once its delay has passed. */
    private record Retry(int seat, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Retry) other).dueNanos);
        }
    }

    /** The state of one on-sale, shared by the users and the sweeper. */
    private static final class OnSale {

        private static final long NOT_YET = Long.MIN_VALUE;

        private final SeatRepository repository;
        private final StadiumSizes sizes;
        private final StadiumCrowd crowd;
        private final List<SeatId> seats;
        private final List<UserId> users;
        private final ErrorTally errors = new ErrorTally();
        private final Histogram latency;
        private final ConcurrentLinkedQueue<StadiumCheck.Sale> sales = new ConcurrentLinkedQueue<>();
        private final Map<BookingReference, StadiumCheck.Hold> holds = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<StadiumCheck.Unknown> unknown = new ConcurrentLinkedQueue<>();
        private final AtomicIntegerArray soldTo; // user index + 1 of the first user told "booked"; 0: not sold
        private final AtomicInteger soldCount = new AtomicInteger();
        private final AtomicInteger nextAttempt = new AtomicInteger();
        private final AtomicInteger answeredAttempts = new AtomicInteger();
        private final AtomicInteger sweepCursor = new AtomicInteger();
        private final DelayQueue<Retry> retries = new DelayQueue<>();
        private final AtomicLong lastAttemptAnsweredAt = new AtomicLong(NOT_YET);
        private final AtomicLong soldOutAt = new AtomicLong(NOT_YET);
        private final AtomicLong latestHoldEndMillis = new AtomicLong();
        private final LongAdder calls = new LongAdder();
        private final LongAdder failedCalls = new LongAdder();
        private final LongAdder otherAnswers = new LongAdder();
        private final LongAdder refusals = new LongAdder();
        private final LongAdder holdsGranted = new LongAdder();
        private final LongAdder confirmed = new LongAdder();
        private final LongAdder confirmsLapsed = new LongAdder();
        private final LongAdder swept = new LongAdder();
        private final LongAdder sweepAttempts = new LongAdder();
        private volatile long gate;
        private volatile long deadline;
        private long usersDoneAt;

        OnSale(SeatRepository repository, StadiumSizes sizes, List<SeatId> seats) {
            this.repository = repository;
            this.sizes = sizes;
            this.crowd = StadiumCrowd.of(sizes, SEED);
            this.seats = seats;
            this.users = IntStream.range(0, sizes.users()).mapToObj(i -> UserId.of("fan-" + i)).toList();
            this.soldTo = new AtomicIntegerArray(seats.size());
            this.latency = new ConcurrentHistogram(sizes.cap().plus(STUCK_AFTER).toNanos() / 1000, 3);
        }

        /** Opens the sale, waits for the users and, unless sold out, every hold's expiry, and sweeps. */
        void open() throws InterruptedException {
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(daemon("stadium-sweeper"));
            List<Race.Attempt<Void>> finished;
            try {
                finished = Race.run(users.size(), this::user, sizes.cap().plus(STUCK_AFTER), () -> {
                    gate = System.nanoTime();
                    deadline = gate + sizes.cap().toNanos();
                    sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY_MILLIS, SWEEP_EVERY_MILLIS,
                            TimeUnit.MILLISECONDS);
                });
            } catch (AssertionError e) {
                throw new IllegalStateException("the stadium on-sale got stuck: " + e.getMessage(), e);
            } finally {
                usersDoneAt = System.nanoTime();
                sweeper.shutdown(); // no further sweeps; one in flight finishes (an interrupt would fail it)
                sweeper.awaitTermination(1, TimeUnit.MINUTES);
            }
            finished.stream().filter(attempt -> attempt.failure() != null).forEach(attempt -> {
                errors.record(attempt.failure());
                failedCalls.increment();
            });
            if (soldOutAt.get() == NOT_YET) {
                // seats may still be held: the check must see every hold expired, so that "held" means "forever"
                long wait = latestHoldEndMillis.get() + StadiumCheck.CLOCK_SLACK.toMillis() * 10
                        - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            sweepUntilNoneLeft();
        }

        private Callable<Void> user(int user) {
            return () -> {
                while (!over()) {
                    if (nextAttempt.get() < crowd.attempts()) {
                        int attempt = nextAttempt.getAndIncrement();
                        if (attempt < crowd.attempts()) {
                            StadiumCheck.Hold toConfirm = attempt(attempt, user);
                            if (toConfirm != null) {
                                Thread.sleep(crowd.payMillis(attempt)); // paying, before the hold expires
                                confirm(toConfirm);
                            }
                            continue;
                        }
                    }
                    sweepNextSeat(user);
                }
                return null;
            };
        }

        private boolean over() {
            return soldOutAt.get() != NOT_YET || System.nanoTime() - deadline >= 0;
        }

        /** One planned attempt, a booking or a hold; the hold its user will confirm, if any, else null. */
        private StadiumCheck.Hold attempt(int attempt, int user) {
            StadiumCheck.Hold toConfirm = null;
            int seat = crowd.seat(attempt);
            calls.increment();
            long start = System.nanoTime();
            try {
                if (crowd.kind(attempt) == StadiumCrowd.Kind.BOOK) {
                    BookingResult result = repository.tryBook(seats.get(seat), users.get(user));
                    if (result instanceof BookingResult.Booked booked) {
                        sold(seat, user, booked.reference());
                    } else if (result instanceof BookingResult.Taken || result instanceof BookingResult.AlreadyYours) {
                        refusals.increment();
                    } else {
                        otherAnswers.increment();
                    }
                } else {
                    Duration holdFor = Duration.ofMillis(crowd.holdMillis(attempt));
                    ClaimResult result = repository.hold(seats.get(seat), users.get(user), holdFor);
                    if (result instanceof ClaimResult.Claimed claimed) {
                        StadiumCheck.Hold hold = held(seat, user, claimed, holdFor);
                        toConfirm = crowd.kind(attempt) == StadiumCrowd.Kind.HOLD_AND_CONFIRM ? hold : null;
                    } else if (result instanceof ClaimResult.Unavailable) {
                        refusals.increment();
                    } else {
                        otherAnswers.increment();
                    }
                }
            } catch (RuntimeException e) {
                failed(seat, user, e);
            }
            long end = System.nanoTime();
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(1, (end - start) / 1000)));
            answeredAttempts.incrementAndGet();
            lastAttemptAnsweredAt.accumulateAndGet(end, (a, b) -> a == NOT_YET ? b : Math.max(a, b));
            return toConfirm;
        }

        private StadiumCheck.Hold held(int seat, int user, ClaimResult.Claimed claimed, Duration holdFor) {
            holdsGranted.increment();
            StadiumCheck.Hold hold = new StadiumCheck.Hold(seat, user, claimed.reference(), claimed.holdExpiresAt(),
                    holdFor, Instant.now(), null);
            holds.put(claimed.reference(), hold);
            latestHoldEndMillis.accumulateAndGet(System.currentTimeMillis() + holdFor.toMillis(), Math::max);
            return hold;
        }

        private void confirm(StadiumCheck.Hold hold) {
            calls.increment();
            try {
                ConfirmResult result = repository.confirm(hold.reference(), users.get(hold.user()));
                if (result instanceof ConfirmResult.Confirmed) {
                    confirmed.increment();
                    holds.put(hold.reference(), new StadiumCheck.Hold(hold.seat(), hold.user(), hold.reference(),
                            hold.expiresAt(), hold.length(), hold.answeredAt(), Instant.now()));
                    sold(hold.seat(), hold.user(), hold.reference());
                } else if (result instanceof ConfirmResult.Lapsed) {
                    confirmsLapsed.increment();
                } else {
                    otherAnswers.increment();
                }
            } catch (RuntimeException e) {
                failed(hold.seat(), hold.user(), e);
            }
        }

        /** After the planned attempts: the next seat left in order, or a held one due again (waiting a little for it). */
        private void sweepNextSeat(int user) throws InterruptedException {
            int seat = -1;
            if (sweepCursor.get() < seats.size()) {
                int next = sweepCursor.getAndIncrement();
                seat = next < seats.size() ? next : -1;
            }
            if (seat < 0) {
                Retry due = retries.poll(RETRY_AFTER_MILLIS, TimeUnit.MILLISECONDS);
                if (due == null) {
                    return;
                }
                seat = due.seat();
            }
            if (soldTo.get(seat) != 0) {
                return;
            }
            calls.increment();
            sweepAttempts.increment();
            try {
                BookingResult result = repository.tryBook(seats.get(seat), users.get(user));
                if (result instanceof BookingResult.Booked booked) {
                    sold(seat, user, booked.reference());
                    return;
                }
                if (!(result instanceof BookingResult.Taken || result instanceof BookingResult.AlreadyYours)) {
                    otherAnswers.increment();
                }
            } catch (RuntimeException e) {
                failed(seat, user, e);
            }
            // held (or booked by a call that failed): try again when the hold may have lapsed
            retries.add(new Retry(seat, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_AFTER_MILLIS)));
        }

        private void sold(int seat, int user, BookingReference reference) {
            long at = System.nanoTime();
            sales.add(new StadiumCheck.Sale(seat, user, reference, at));
            // a second "booked" for a seat is a double booking: the check counts it from the sales
            if (soldTo.compareAndSet(seat, 0, user + 1) && soldCount.incrementAndGet() == seats.size()) {
                soldOutAt.set(at);
            }
        }

        private void failed(int seat, int user, RuntimeException e) {
            errors.record(e);
            failedCalls.increment();
            unknown.add(new StadiumCheck.Unknown(seat, user));
        }

        private void sweep() {
            try {
                int cleared;
                do {
                    cleared = repository.sweepExpiredHolds(SWEEP_LIMIT);
                    swept.add(cleared);
                } while (cleared == SWEEP_LIMIT && !over());
            } catch (RuntimeException e) {
                errors.record(e); // counted as a failure of the run, not as a user's call
            }
        }

        private void sweepUntilNoneLeft() {
            int cleared;
            do {
                cleared = repository.sweepExpiredHolds(SeatRepository.MAX_SWEEP_LIMIT);
                swept.add(cleared);
            } while (cleared == SeatRepository.MAX_SWEEP_LIMIT);
        }

        RunResult result(BackendKind backend, String variant, String pairKey, long addNanos, List<SeatState> stored) {
            List<StadiumCheck.Sale> told = new ArrayList<>(sales);
            StadiumCheck check = StadiumCheck.of(seats, users, told, new ArrayList<>(holds.values()),
                    new ArrayList<>(unknown), stored);
            long callCount = calls.sum();
            Integrity integrity = check.integrity(callCount, callCount - failedCalls.sum(), otherAnswers.sum());
            long onSaleEnd = lastAttemptAnsweredAt.get();
            long onSaleNanos = onSaleEnd == NOT_YET ? 0 : onSaleEnd - gate;
            long bookings = onSaleEnd == NOT_YET ? 0
                    : told.stream().filter(sale -> sale.atNanos() - onSaleEnd <= 0).count();
            long soldOut = soldOutAt.get();
            StadiumFigures figures = new StadiumFigures(seats.size(), users.size(), addNanos, onSaleNanos, bookings,
                    refusals.sum(), holdsGranted.sum(), confirmed.sum(), confirmsLapsed.sum(), swept.sum(),
                    sweepAttempts.sum(), soldCount.get(), soldOut == NOT_YET ? -1 : soldOut - gate,
                    (soldOut == NOT_YET ? usersDoneAt : soldOut) - gate);
            return new RunResult(Workload.STADIUM, backend.id(), variant, users.size(), pairKey,
                    answeredAttempts.get(), onSaleNanos, latency, null, errors.samples(), errors.total(), integrity,
                    -1, null, figures);
        }

        private static ThreadFactory daemon(String name) {
            return task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
