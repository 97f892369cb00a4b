package dev.booking.queue.waitingroom;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A bounded, first-come-first-served line in front of a {@link SeatRepository}, so that a burst of
 * bookings for the same seats reaches the database as a few orderly calls instead of a stampede.
 *
 * <pre>{@code
 * WaitingRoom room = WaitingRoom.builder(seats)      // any SeatRepository
 *         .capacity(5_000)                            // the 5,001st waiting request gets Busy at once
 *         .workers(8)                                 // at most 8 repository calls at a time
 *         .deadline(Duration.ofSeconds(10))
 *         .build();
 * room.submit(seat, user).thenAccept(answer -> ...);  // or room.submitAndWait(seat, user)
 * }</pre>
 *
 * <h2>What it guarantees</h2>
 * <ul>
 *   <li><b>Bounded.</b> At most {@linkplain WaitingRoomSettings#capacity capacity} requests are held
 *       unanswered; a request that would exceed it is answered {@link WaitingRoomResult.Busy} at
 *       once. Every internal structure (the line, the per-seat lines, the ready list, the
 *       remembered owners) is bounded by the capacity, and there is no executor queue at all: the
 *       workers are a fixed set of threads that take work from the line.</li>
 *   <li><b>First come, first served.</b> Requests are numbered on admission. Requests for the same
 *       seat reach the repository in that order, so whoever clicked first gets the seat. Seats take
 *       turns in the order of their longest-waiting request; different seats are served in
 *       parallel up to {@linkplain WaitingRoomSettings#workers workers} calls.</li>
 *   <li><b>One call per seat at a time, and coalescing.</b> While a seat's call runs, later
 *       requests for that seat wait for its outcome. If the outcome names the owner
 *       ({@code Booked} or {@code AlreadyYours}), everyone waiting is answered from it without a
 *       call: the owner {@code AlreadyYours}, everyone else {@code Taken}. If it is {@code Taken}
 *       (the owner is unknown, e.g. booked through another instance), the room does not guess: one
 *       {@code findSeat} learns the owner, then everyone waiting is answered. {@code NoSuchSeat}
 *       answers everyone waiting {@code NoSuchSeat}. So a thousand requests for one seat cost one
 *       or two repository calls.</li>
 *   <li><b>Remembered owners, safely.</b> A learned booking is remembered for
 *       {@linkplain WaitingRoomSettings#rememberOwnersFor a short time} (and until
 *       {@link #forget}), and requests arriving meanwhile are answered from it at once, even when the
 *       room is full. Holds are never remembered, since a hold lapses without the room hearing of
 *       it: a held seat answers only the requests already waiting when it was read. A release through
 *       {@link #asRepository()} forgets the seat at once: from before the release reaches the
 *       repository until it has returned, no request for the seat is answered from memory or from the
 *       outcome of a call that overlapped the release, so whoever comes after a release, or after a
 *       read that saw it, is never told {@code Taken} on the released owner's account. Through
 *       {@code asRepository()} the room is linearizable. A remembered owner can still go stale if the
 *       seat is released elsewhere (by another instance, or on the wrapped repository directly); that
 *       can only cause a wrong {@code Taken} or {@code AlreadyYours} for that short time, never a
 *       double booking, because an answer from memory is never {@code Booked}: every win is still
 *       decided by the repository's conditional update.</li>
 *   <li><b>Deadlines.</b> A request not answered within the
 *       {@linkplain WaitingRoomSettings#deadline deadline} is answered
 *       {@link WaitingRoomResult.TimedOut} at the deadline, also if its repository call is running
 *       then. Such a call may still commit; repeating the request is safe because {@code tryBook}
 *       is idempotent per user (the repeat answers {@code AlreadyYours}).</li>
 *   <li><b>Failures stay with their request.</b> If the repository throws on a request's call, that
 *       request's future completes exceptionally with the very same exception; the others waiting
 *       for the seat are not failed with it (the next in line makes its own call), and the workers
 *       carry on.</li>
 *   <li><b>Every future completes exactly once</b>: served, busy, timed out, failed or closed.</li>
 * </ul>
 *
 * <p>Dependent stages that callers attach with the non-async methods of {@link CompletableFuture}
 * run on the room's threads; attach heavy work with the {@code *Async} variants. Cancelling a
 * returned future does not withdraw the request.
 *
 * <p>Lifecycle: {@link #builder building} starts {@code workers} daemon threads named
 * {@code booking-waiting-room-N-worker-I} and one named {@code booking-waiting-room-N-deadlines}.
 * {@link #shutdown(Duration)} (or {@link #close()}) stops admitting, lets the workers drain the line
 * within the grace period, answers whatever is left {@link WaitingRoomResult.Closed} and lets the
 * threads end. A worker busy in a repository call is not interrupted (an interrupt can break a
 * pooled connection); it ends when the call returns.
 *
 * <p>Thread-safety: safe to share between any number of threads. One lock guards the room's state;
 * it is never held while calling the repository, completing a future or calling the listener.
 */
public final class WaitingRoom implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingRoom.class);
    private static final AtomicInteger ROOM_NUMBERS = new AtomicInteger();
    private static final long NOT_READY = -1;

    private final SeatRepository repository;
    private final WaitingRoomSettings settings;
    private final WaitingRoomListener listener;
    private final LongSupplier ticker;
    private final long deadlineNanos;
    private final long rememberNanos;
    private final String threadNamePrefix;
    private final List<Thread> threads = new ArrayList<>();
    private final SeatRepository view;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a seat becomes ready for a worker, and on termination. */
    private final Condition workAvailable = lock.newCondition();
    /** Signalled when the line goes from empty to non-empty, and on termination. */
    private final Condition deadlineWatch = lock.newCondition();
    /** Signalled when, after shutdown began, the last unanswered request got its answer. */
    private final Condition drained = lock.newCondition();

    // Everything below is guarded by lock.
    /** Every admitted request not yet answered, in arrival order, which is also deadline order. */
    private final Set<Request> unanswered = new LinkedHashSet<>();
    /** The line of each seat that has requests waiting or a call running. */
    private final Map<SeatId, SeatLine> lines = new HashMap<>();
    /** Seat lines a worker may take now, keyed by the sequence number of their first request. */
    private final TreeMap<Long, SeatLine> ready = new TreeMap<>();
    /** Learned owners in the order they were learned, which is also their expiry order. */
    private final LinkedHashMap<SeatId, KnownOwner> knownOwners = new LinkedHashMap<>();
    /** Seats with a release (or addition) through {@link #asRepository()} running now, and how many each. */
    private final Map<SeatId, Integer> changesInFlight = new HashMap<>();
    /** Releases by reference running now: their seats are unknown until they return, so every seat is changing. */
    private int changesOfUnknownSeats;
    private long nextSequence;
    private boolean closed;
    private boolean terminated;
    private boolean leftoversClosed;
    private int callsInFlight;
    private long submitted;
    private long served;
    private long shortCircuited;
    private long repositoryCalls;
    private long busy;
    private long timedOut;
    private long failed;
    private long closedAnswers;

    private WaitingRoom(SeatRepository repository, WaitingRoomSettings settings) {
        this.repository = repository;
        this.settings = settings;
        this.listener = settings.listener();
        this.ticker = settings.ticker();
        this.deadlineNanos = WaitingRoomSettings.saturatedNanos(settings.deadline());
        this.rememberNanos = WaitingRoomSettings.saturatedNanos(settings.rememberOwnersFor());
        this.threadNamePrefix = "booking-waiting-room-" + ROOM_NUMBERS.incrementAndGet();
        this.view = new WaitingRoomSeatRepository(this);
    }

    /**
     * Starts configuring a room around {@code repository}.
     *
     * @param repository the repository every booking goes to
     * @return a builder with the {@linkplain WaitingRoomSettings#defaults() defaults}
     * @throws IllegalArgumentException if {@code repository} is null
     */
    public static Builder builder(SeatRepository repository) {
        return new Builder(Arguments.requirePresent("repository", repository), WaitingRoomSettings.defaults());
    }

    private void start() {
        for (int i = 1; i <= settings.workers(); i++) {
            threads.add(daemon(threadNamePrefix + "-worker-" + i, this::work));
        }
        threads.add(daemon(threadNamePrefix + "-deadlines", this::keepDeadlines));
        threads.forEach(Thread::start);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Asks for {@code seat} on behalf of {@code user}. Never blocks on the repository: the request
     * is answered at once ({@code Busy}, {@code Closed}, or {@code Served} from a remembered owner)
     * or joins the line and is answered later by a worker or at its deadline.
     *
     * @param seat the seat to book
     * @param user who books it
     * @return a future that completes exactly once: with a {@link WaitingRoomResult}, or
     *         exceptionally with what the repository threw on this request's own call
     * @throws IllegalArgumentException if an argument is null
     */
    public CompletableFuture<WaitingRoomResult> submit(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        List<Answer> answers = new ArrayList<>(1);
        Request request;
        boolean admitted = false;
        int depth = 0;
        lock.lock();
        try {
            submitted++;
            long now = ticker.getAsLong();
            Ownership owner;
            if (closed) {
                request = new Request(NOT_READY, seat, user, now);
                answer(request, AnswerKind.CLOSED, new WaitingRoomResult.Closed(seat), null, now, answers);
            } else if ((owner = knownOwner(seat, now)) != null) {
                // answered even when the room is full: it costs neither a slot nor a call
                request = new Request(NOT_READY, seat, user, now);
                answer(request, AnswerKind.SHORT_CIRCUITED,
                        new WaitingRoomResult.Served(answerFromOwner(seat, user, owner)), null, now, answers);
            } else if (unanswered.size() >= settings.capacity()) {
                request = new Request(NOT_READY, seat, user, now);
                answer(request, AnswerKind.BUSY, new WaitingRoomResult.Busy(seat), null, now, answers);
            } else {
                request = new Request(nextSequence++, seat, user, now);
                admitted = true;
                if (unanswered.isEmpty()) {
                    deadlineWatch.signal(); // later arrivals never have earlier deadlines, so only this wakes it
                }
                unanswered.add(request);
                SeatLine line = lines.computeIfAbsent(seat, SeatLine::new);
                line.waiting.addLast(request);
                settle(line);
                depth = unanswered.size();
            }
        } finally {
            lock.unlock();
        }
        if (admitted) {
            int queueDepth = depth;
            tell("admitted", l -> l.admitted(queueDepth));
        } else {
            deliver(answers);
        }
        return request.future;
    }

    /**
     * {@link #submit} and wait for the answer, which comes at the latest at the deadline.
     *
     * @param seat the seat to book
     * @param user who books it
     * @return the answer
     * @throws IllegalArgumentException if an argument is null
     * @throws RuntimeException         what the repository threw on this request's own call, as is
     *                                  (usually a {@link BookingException})
     * @throws InterruptedException     if the waiting thread is interrupted; the request stays in the
     *                                  room and may still be booked
     */
    public WaitingRoomResult submitAndWait(SeatId seat, UserId user) throws InterruptedException {
        CompletableFuture<WaitingRoomResult> answer = submit(seat, user);
        try {
            return answer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            // only a repository that sneaks out a checked exception gets here
            throw new BookingException(BookingException.Failure.UNEXPECTED,
                    "the repository threw a checked exception while booking " + seat, cause);
        }
    }

    /**
     * Forgets the remembered owner of {@code seat}, if any, so the next request for it goes to the
     * repository. Call it when the seat is released through this process. An outcome of a call that
     * was already running for the seat answers only its own request; the requests waiting behind it
     * make their own calls.
     *
     * @param seat the seat
     * @throws IllegalArgumentException if {@code seat} is null
     */
    public void forget(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        lock.lock();
        try {
            knownOwners.remove(seat);
            SeatLine line = lines.get(seat);
            if (line != null && line.callInFlight) {
                line.forgotten = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code change}, a call through {@link #asRepository()} that may empty or create seats,
     * so that no answer comes from an outcome it may have made stale. From before the call until it
     * has returned, the seats it may change are not answered from memory, and the outcome of every
     * repository call for them that overlaps it answers only its own request; afterwards the seats
     * it changed are forgotten. A request that arrives while the change runs therefore goes to the
     * repository, which knows whether the change has taken effect.
     *
     * @param seats   the seats it may change, or null if they are unknown until it returns (a release
     *                by reference): then every seat is treated as changing
     * @param change  the repository call
     * @param changed the seats it did change, from its result
     * @return what {@code change} returned; what it throws is rethrown, and everything the room
     *         remembers about the seats it may have changed is forgotten
     */
    <T> T changeSeats(Collection<SeatId> seats, Supplier<T> change, Function<T, Collection<SeatId>> changed) {
        lock.lock();
        try {
            if (seats == null) {
                changesOfUnknownSeats++;
                lines.values().forEach(line -> line.forgotten |= line.callInFlight);
            } else {
                for (SeatId seat : seats) {
                    changesInFlight.merge(seat, 1, Integer::sum);
                    knownOwners.remove(seat);
                    SeatLine line = lines.get(seat);
                    if (line != null && line.callInFlight) {
                        line.forgotten = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        T result = null;
        boolean returned = false;
        try {
            result = change.get();
            returned = true;
            return result;
        } finally {
            lock.lock();
            try {
                if (seats == null) {
                    changesOfUnknownSeats--;
                    if (returned) {
                        changed.apply(result).forEach(knownOwners::remove);
                    } else {
                        knownOwners.clear(); // it may have changed any seat; forgetting only costs calls
                    }
                } else {
                    for (SeatId seat : seats) {
                        changesInFlight.computeIfPresent(seat, (s, count) -> count == 1 ? null : count - 1);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether a change of {@code seat} through {@link #asRepository()} is running. Lock held. */
    private boolean changing(SeatId seat) {
        return changesOfUnknownSeats > 0 || changesInFlight.containsKey(seat);
    }

    /** A consistent snapshot of the room's counters. */
    public WaitingRoomStats stats() {
        lock.lock();
        try {
            return new WaitingRoomStats(unanswered.size(), callsInFlight, submitted, served, shortCircuited,
                    repositoryCalls, busy, timedOut, failed, closedAnswers);
        } finally {
            lock.unlock();
        }
    }

    /** The configuration this room runs with. */
    public WaitingRoomSettings settings() {
        return settings;
    }

    /**
     * A {@link SeatRepository} whose {@code tryBook} goes through this room and blocks until it is
     * answered: {@code Served} returns the booking result; {@code Busy} and {@code Closed} throw
     * {@link BookingException} with {@link BookingException.Failure#OVERLOADED OVERLOADED};
     * {@code TimedOut} and an interrupt while waiting throw it with
     * {@link BookingException.Failure#TIMEOUT TIMEOUT}; a repository failure is rethrown as is.
     * {@code addSeats}, {@code findSeat}, {@code listSeats} and the lifecycle operations (group
     * claims, confirmations, releases, sweeps) go straight to the wrapped repository; while a
     * release (or an addition of seats) runs, requests for its seats are not answered from memory,
     * and once it has returned the room has {@linkplain #forget forgotten} the released seats' owner.
     * It is meant for code written against {@link SeatRepository}; new code gets more from
     * {@link #submit}.
     *
     * @return the view; the same instance on every call
     */
    public SeatRepository asRepository() {
        return view;
    }

    /** The repository the room wraps. */
    SeatRepository repository() {
        return repository;
    }

    /** Whether shutdown has begun: new submissions are answered {@code Closed}. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops admitting (new submissions are answered {@code Closed} from now on), waits up to
     * {@code grace} for the workers to answer everything already admitted, then answers whatever is
     * left {@code Closed} and lets the threads end. Safe to call more than once and from several
     * threads. If the calling thread is interrupted, the grace period ends early and the interrupt
     * is kept.
     *
     * @param grace how long to let the line drain; zero closes at once
     * @return true if every admitted request got a real answer, false if some were answered
     *         {@code Closed} because the grace period ended
     * @throws IllegalArgumentException if {@code grace} is null or negative
     */
    public boolean shutdown(Duration grace) {
        Arguments.requirePresent("grace", grace);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        List<Answer> answers = new ArrayList<>();
        boolean interrupted = false;
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                LOG.debug("{} closed; draining {} requests", threadNamePrefix, unanswered.size());
            }
            long remaining = WaitingRoomSettings.saturatedNanos(grace);
            while (!terminated && !unanswered.isEmpty() && remaining > 0) {
                try {
                    remaining = drained.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (!terminated) {
                long now = ticker.getAsLong();
                for (Request request : new ArrayList<>(unanswered)) {
                    // a request whose call is running may still be booked: that is an unknown outcome, not "closed"
                    if (request.calling) {
                        answer(request, AnswerKind.TIMED_OUT, new WaitingRoomResult.TimedOut(request.seat), null, now,
                                answers);
                    } else {
                        answer(request, AnswerKind.CLOSED, new WaitingRoomResult.Closed(request.seat), null, now, answers);
                    }
                    leftoversClosed = true;
                }
                lines.values().forEach(line -> line.waiting.clear());
                lines.clear();
                ready.clear();
                knownOwners.clear();
                terminated = true;
                workAvailable.signalAll();
                deadlineWatch.signalAll();
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
        deliver(answers);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !leftoversClosed;
    }

    /**
     * {@link #shutdown(Duration) Shuts down} with one deadline as the grace period: every admitted
     * request has its answer by then anyway.
     */
    @Override
    public void close() {
        shutdown(settings.deadline());
    }

    /**
     * Waits until the room's threads have ended, which happens after {@link #shutdown(Duration)}
     * once each worker's running repository call, if any, has returned.
     *
     * @param timeout how long to wait at most
     * @return true if every thread has ended
     * @throws IllegalArgumentException if {@code timeout} is null
     * @throws InterruptedException     if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Arguments.requirePresent("timeout", timeout);
        long budget = WaitingRoomSettings.saturatedNanos(timeout);
        long start = System.nanoTime();
        for (Thread thread : threads) {
            long remaining = budget - (System.nanoTime() - start);
            if (remaining <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public String toString() {
        return threadNamePrefix + "[capacity=" + settings.capacity() + ", workers=" + settings.workers()
                + ", deadline=" + settings.deadline() + ", rememberOwnersFor=" + settings.rememberOwnersFor() + "]";
    }

    // ---------------------------------------------------------------- workers

    private void work() {
        while (true) {
            SeatLine line;
            Request first;
            lock.lock();
            try {
                while (!terminated && ready.isEmpty()) {
                    workAvailable.awaitUninterruptibly();
                }
                if (terminated) {
                    return;
                }
                line = ready.pollFirstEntry().getValue();
                line.readyKey = NOT_READY;
                first = line.waiting.pollFirst();
                first.calling = true;
                line.callInFlight = true;
                // a change running now may take effect before or after this call: its outcome is for its own request only
                line.forgotten = changing(line.seat);
                line.callStartedAt = ticker.getAsLong();
                callsInFlight++;
                repositoryCalls++;
            } finally {
                lock.unlock();
            }
            try {
                serve(line, first);
            } catch (RuntimeException | Error bug) {
                // never expected; logged so that a bug in the room cannot silently cost a worker
                LOG.error("{}: unexpected failure while serving {}", threadNamePrefix, line.seat, bug);
            }
        }
    }

    /** Makes {@code first}'s call, answers from its outcome, and learns the owner if it is hidden. */
    private void serve(SeatLine line, Request first) {
        SeatId seat = line.seat;
        Thread.interrupted(); // a stray interrupt must not abort the next repository call
        tell("repositoryCall", l -> l.repositoryCall(seat));
        BookingResult result = null;
        Throwable failure = null;
        try {
            result = repository.tryBook(seat, first.user);
            if (result == null) {
                failure = new IllegalStateException("the repository answered tryBook with null");
            }
        } catch (Throwable t) {
            failure = t;
        }
        List<Answer> answers = new ArrayList<>();
        boolean learnOwner = false;
        lock.lock();
        try {
            callsInFlight--;
            if (terminated) {
                return; // shutdown already answered everyone, this request included
            }
            long now = ticker.getAsLong();
            if (failure != null) {
                answer(first, AnswerKind.FAILED, null, failure, now, answers);
                release(line); // the next in line makes its own call
            } else {
                answer(first, AnswerKind.SERVED, new WaitingRoomResult.Served(result), null, now, answers);
                if (line.forgotten) {
                    release(line); // the seat was released meanwhile: this outcome may be stale for the others
                } else if (result instanceof BookingResult.Booked booked) {
                    // a booking lasts until it is released, and the room hears of releases made through it
                    settleFromOwner(line, new Ownership(booked.owner(), booked.reference()), now, answers);
                } else if (result instanceof BookingResult.NoSuchSeat) {
                    for (Request waiting : line.waiting) {
                        answer(waiting, AnswerKind.SHORT_CIRCUITED,
                                new WaitingRoomResult.Served(new BookingResult.NoSuchSeat(seat)), null, now, answers);
                    }
                    line.waiting.clear();
                    release(line);
                } else if (!line.waiting.isEmpty() || rememberNanos > 0) {
                    // Taken by someone we cannot name, or AlreadyYours, which may be a hold that lapses any
                    // moment: learn who owns the seat, and how, instead of guessing; the line stays busy
                    learnOwner = true;
                    callsInFlight++;
                    repositoryCalls++;
                    line.callStartedAt = now;
                    line.waitingBeforeRead = nextSequence;
                } else {
                    release(line);
                }
            }
        } finally {
            lock.unlock();
            deliver(answers);
        }
        if (learnOwner) {
            learnOwner(line);
        }
    }

    /**
     * One {@code findSeat} for a seat that answered Taken or AlreadyYours. A booked seat answers
     * everyone waiting and is remembered. A held seat answers only the requests that were waiting
     * before the read began (the read happened while each of them waited) and is not remembered,
     * because a hold can lapse at any moment without the room hearing of it.
     */
    private void learnOwner(SeatLine line) {
        SeatId seat = line.seat;
        tell("repositoryCall", l -> l.repositoryCall(seat));
        SeatState owned = null;
        try {
            Optional<SeatState> state = repository.findSeat(seat);
            if (state != null && state.isPresent() && !state.get().isEmpty()) {
                owned = state.get();
            } // else released in the meantime
        } catch (RuntimeException | Error e) {
            // no request was waiting on this call: the next one in line simply makes its own
            LOG.warn("{}: could not learn the owner of {}; the next request makes its own call",
                    threadNamePrefix, seat, e);
        }
        List<Answer> answers = new ArrayList<>();
        lock.lock();
        try {
            callsInFlight--;
            if (terminated) {
                return;
            }
            if (owned == null || line.forgotten) {
                release(line);
            } else if (owned.status() == SeatStatus.BOOKED) {
                settleFromOwner(line, new Ownership(owned.owner(), owned.reference()), ticker.getAsLong(), answers);
            } else {
                settleFromHold(line, new Ownership(owned.owner(), owned.reference()), ticker.getAsLong(), answers);
            }
        } finally {
            lock.unlock();
            deliver(answers);
        }
    }

    /** Remembers the owner and answers everyone waiting for the seat from it. Lock held. */
    private void settleFromOwner(SeatLine line, Ownership owner, long now, List<Answer> answers) {
        remember(line.seat, owner, line.callStartedAt);
        for (Request waiting : line.waiting) {
            answer(waiting, AnswerKind.SHORT_CIRCUITED,
                    new WaitingRoomResult.Served(answerFromOwner(line.seat, waiting.user, owner)), null, now, answers);
        }
        line.waiting.clear();
        release(line);
    }

    /**
     * Answers from a hold the requests waiting since before the read that found it, without
     * remembering it; the later ones make their own calls. Lock held.
     */
    private void settleFromHold(SeatLine line, Ownership holder, long now, List<Answer> answers) {
        // the line is in arrival order, so those waiting since before the read come first
        while (!line.waiting.isEmpty() && line.waiting.peekFirst().sequence < line.waitingBeforeRead) {
            Request waiting = line.waiting.pollFirst();
            answer(waiting, AnswerKind.SHORT_CIRCUITED,
                    new WaitingRoomResult.Served(answerFromOwner(line.seat, waiting.user, holder)), null, now, answers);
        }
        release(line);
    }

    private static BookingResult answerFromOwner(SeatId seat, UserId user, Ownership owner) {
        return owner.owner().equals(user)
                ? new BookingResult.AlreadyYours(seat, user, owner.reference())
                : new BookingResult.Taken(seat);
    }

    /** Ends the seat's call and lets its next request, if any, take a turn. Lock held. */
    private void release(SeatLine line) {
        line.callInFlight = false;
        line.forgotten = false;
        settle(line);
    }

    /**
     * Puts the line where it belongs: in {@link #ready} under its first request's number if it has
     * waiting requests and no call running, out of {@link #lines} if it has neither. Lock held.
     */
    private void settle(SeatLine line) {
        long key = !line.callInFlight && !line.waiting.isEmpty() ? line.waiting.peekFirst().sequence : NOT_READY;
        if (key != line.readyKey) {
            if (line.readyKey != NOT_READY) {
                ready.remove(line.readyKey);
            }
            line.readyKey = key;
            if (key != NOT_READY) {
                ready.put(key, line);
                workAvailable.signal();
            }
        }
        if (!line.callInFlight && line.waiting.isEmpty()) {
            lines.remove(line.seat, line);
        }
    }

    // ---------------------------------------------------------------- remembered owners

    /** The remembered owner of the seat, or null; never while a change of the seat may be taking effect. Lock held. */
    private Ownership knownOwner(SeatId seat, long now) {
        forgetExpired(now);
        if (changing(seat)) {
            return null;
        }
        KnownOwner known = knownOwners.get(seat);
        // checked one by one too: calls of different lengths can insert a little out of expiry order
        return known == null || now - known.learnedAt() >= rememberNanos ? null : known.owner();
    }

    /** Lock held. Learned-at is when the call started, which errs on the side of forgetting early. */
    private void remember(SeatId seat, Ownership owner, long learnedAt) {
        if (rememberNanos == 0) {
            return;
        }
        knownOwners.remove(seat); // re-inserting keeps the map in expiry order
        knownOwners.put(seat, new KnownOwner(owner, learnedAt));
        forgetExpired(ticker.getAsLong());
        // bounded like everything else; forgetting is always safe, it only costs a call
        Iterator<KnownOwner> eldest = knownOwners.values().iterator();
        while (knownOwners.size() > settings.capacity()) {
            eldest.next();
            eldest.remove();
        }
    }

    private void forgetExpired(long now) {
        Iterator<KnownOwner> oldestFirst = knownOwners.values().iterator();
        while (oldestFirst.hasNext() && now - oldestFirst.next().learnedAt() >= rememberNanos) {
            oldestFirst.remove();
        }
    }

    // ---------------------------------------------------------------- deadlines

    private void keepDeadlines() {
        while (true) {
            List<Answer> answers = new ArrayList<>();
            lock.lock();
            try {
                if (terminated) {
                    return;
                }
                long now = ticker.getAsLong();
                long sleepNanos = -1;
                while (!unanswered.isEmpty()) {
                    Request oldest = unanswered.iterator().next();
                    long waited = now - oldest.admittedAt;
                    if (waited < deadlineNanos) {
                        sleepNanos = deadlineNanos - waited;
                        break;
                    }
                    answer(oldest, AnswerKind.TIMED_OUT, new WaitingRoomResult.TimedOut(oldest.seat), null, now, answers);
                    SeatLine line = lines.get(oldest.seat);
                    if (line != null && line.waiting.remove(oldest)) {
                        settle(line);
                    } // else its call is running: the outcome still serves the others
                }
                if (answers.isEmpty()) {
                    if (sleepNanos < 0) {
                        deadlineWatch.await();
                    } else {
                        deadlineWatch.awaitNanos(sleepNanos);
                    }
                }
            } catch (InterruptedException e) {
                // only shutdown ends this thread
            } catch (RuntimeException | Error bug) {
                LOG.error("{}: unexpected failure while keeping deadlines", threadNamePrefix, bug);
            } finally {
                lock.unlock();
            }
            deliver(answers);
        }
    }

    /** Wakes the deadline keeper so that it reads the ticker again; for tests with a manual ticker. */
    void checkDeadlinesNow() {
        lock.lock();
        try {
            deadlineWatch.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The prefix of this room's thread names. */
    String threadNamePrefix() {
        return threadNamePrefix;
    }

    /** The sizes of the internal structures, for tests that check boundedness. */
    Footprint footprint() {
        lock.lock();
        try {
            int waiting = lines.values().stream().mapToInt(line -> line.waiting.size()).sum();
            return new Footprint(unanswered.size(), waiting, lines.size(), ready.size(), knownOwners.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * How much the room holds now.
     *
     * @param unanswered     admitted requests without an answer
     * @param waitingInLines requests waiting in seat lines (not in a call)
     * @param seatLines      seats with waiting requests or a running call
     * @param readySeats     seats a worker may take now
     * @param knownOwners    remembered owners
     */
    record Footprint(int unanswered, int waitingInLines, int seatLines, int readySeats, int knownOwners) {
    }

    // ---------------------------------------------------------------- answering

    /**
     * Gives {@code request} its one answer, unless it has one already, and queues the completion
     * for {@link #deliver} after the lock is released. Lock held. The one place that decides that a
     * request is answered now: only here is an answer counted, and only what it queues completes a
     * future and reaches the listener, so the statistics and the listener see each request once, with
     * the answer its future holds, whoever else (a worker, the deadline keeper, shutdown) tries to
     * answer it later.
     */
    private void answer(Request request, AnswerKind kind, WaitingRoomResult result, Throwable failure, long now,
                        List<Answer> answers) {
        if (request.answered) {
            return;
        }
        request.answered = true;
        unanswered.remove(request);
        if (closed && unanswered.isEmpty()) {
            drained.signalAll();
        }
        switch (kind) {
            case SERVED -> served++;
            case BUSY -> busy++;
            case SHORT_CIRCUITED -> {
                served++;
                shortCircuited++;
            }
            case TIMED_OUT -> timedOut++;
            case FAILED -> failed++;
            case CLOSED -> closedAnswers++;
        }
        answers.add(new Answer(request, kind, result, failure, Math.max(0, now - request.admittedAt)));
    }

    /** Completes the futures, then tells the listener. Lock not held. */
    private void deliver(List<Answer> answers) {
        for (Answer answer : answers) {
            if (answer.failure() != null) {
                answer.request().future.completeExceptionally(answer.failure());
            } else {
                answer.request().future.complete(answer.result());
            }
        }
        for (Answer answer : answers) {
            SeatId seat = answer.request().seat;
            switch (answer.kind()) {
                case SERVED -> tell("served", l -> l.served(answer.waitNanos(), served(answer)));
                case SHORT_CIRCUITED -> {
                    tell("shortCircuited", l -> l.shortCircuited(seat));
                    tell("served", l -> l.served(answer.waitNanos(), served(answer)));
                }
                case BUSY -> tell("rejectedBusy", WaitingRoomListener::rejectedBusy);
                case TIMED_OUT -> tell("timedOut", l -> l.timedOut(seat));
                case FAILED -> tell("failed", l -> l.failed(seat, answer.failure()));
                case CLOSED -> tell("answeredClosed", WaitingRoomListener::answeredClosed);
            }
        }
    }

    private static BookingResult served(Answer answer) {
        return ((WaitingRoomResult.Served) answer.result()).result();
    }

    /** Calls the listener; whatever it throws is logged and swallowed so the room keeps working. */
    private void tell(String event, Consumer<WaitingRoomListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: listener {} threw from {}; ignored", threadNamePrefix, listener.getClass().getName(), event, e);
        }
    }

    // ---------------------------------------------------------------- state

    /** One admitted request. Identity matters: two requests of one user for one seat are two requests. */
    private static final class Request {
        final long sequence;
        final SeatId seat;
        final UserId user;
        final long admittedAt;
        final CompletableFuture<WaitingRoomResult> future = new CompletableFuture<>();
        /** Guarded by the room's lock; the one switch that makes every answer happen exactly once. */
        boolean answered;
        /** Guarded by the room's lock; its own repository call has started, so its outcome may be a booking. */
        boolean calling;

        Request(long sequence, SeatId seat, UserId user, long admittedAt) {
            this.sequence = sequence;
            this.seat = seat;
            this.user = user;
            this.admittedAt = admittedAt;
        }
    }

    /** The requests for one seat, and whether a repository call for it is running. Guarded by the lock. */
    private static final class SeatLine {
        final SeatId seat;
        final ArrayDeque<Request> waiting = new ArrayDeque<>();
        boolean callInFlight;
        /**
         * {@link #forget} was called, or a change of the seat through {@link #asRepository()} ran,
         * while the call ran: its outcome may be stale, so it answers only its own request.
         */
        boolean forgotten;
        long callStartedAt;
        /** Requests numbered below this were waiting before the running {@code findSeat} began. */
        long waitingBeforeRead;
        long readyKey = NOT_READY;

        SeatLine(SeatId seat) {
            this.seat = seat;
        }
    }

    private record KnownOwner(Ownership owner, long learnedAt) {
    }

    /** Who owns a seat, under which reference. */
    private record Ownership(UserId owner, BookingReference reference) {
    }

    private enum AnswerKind { SERVED, SHORT_CIRCUITED, BUSY, TIMED_OUT, FAILED, CLOSED }

    private record Answer(Request request, AnswerKind kind, WaitingRoomResult result, Throwable failure,
                          long waitNanos) {
    }

    /**
     * The configuration of a {@link WaitingRoom}: the one way to open one. Immutable: every setter
     * checks its value at once, throwing {@link IllegalArgumentException} naming the setting, and
     * returns a new builder, leaving this one unchanged.
     *
     * <p>Thread-safety: immutable and safe to share; the room it builds is thread-safe too.
     */
    public static final class Builder {

        private final SeatRepository repository;
        private final WaitingRoomSettings settings;

        private Builder(SeatRepository repository, WaitingRoomSettings settings) {
            this.repository = repository;
            this.settings = settings;
        }

        /** See {@link WaitingRoomSettings#capacity()}; default {@value WaitingRoomSettings#DEFAULT_CAPACITY}. */
        public Builder capacity(int capacity) {
            WaitingRoomSettings.checkCapacity(capacity);
            return settings(new WaitingRoomSettings(capacity, settings.workers(), settings.deadline(),
                    settings.rememberOwnersFor(), settings.listener(), settings.ticker()));
        }

        /** See {@link WaitingRoomSettings#workers()}; default {@value WaitingRoomSettings#DEFAULT_WORKERS}. */
        public Builder workers(int workers) {
            WaitingRoomSettings.checkWorkers(workers);
            return settings(new WaitingRoomSettings(settings.capacity(), workers, settings.deadline(),
                    settings.rememberOwnersFor(), settings.listener(), settings.ticker()));
        }

        /** See {@link WaitingRoomSettings#deadline()}; default 10 seconds. */
        public Builder deadline(Duration deadline) {
            WaitingRoomSettings.checkDeadline(deadline);
            return settings(new WaitingRoomSettings(settings.capacity(), settings.workers(), deadline,
                    settings.rememberOwnersFor(), settings.listener(), settings.ticker()));
        }

        /** See {@link WaitingRoomSettings#rememberOwnersFor()}; default 1 second. */
        public Builder rememberOwnersFor(Duration rememberOwnersFor) {
            WaitingRoomSettings.checkRememberOwnersFor(rememberOwnersFor);
            return settings(new WaitingRoomSettings(settings.capacity(), settings.workers(), settings.deadline(),
                    rememberOwnersFor, settings.listener(), settings.ticker()));
        }

        /** See {@link WaitingRoomSettings#listener()}; default {@link WaitingRoomListener#NONE}. */
        public Builder listener(WaitingRoomListener listener) {
            return settings(new WaitingRoomSettings(settings.capacity(), settings.workers(), settings.deadline(),
                    settings.rememberOwnersFor(), Arguments.requirePresent("listener", listener), settings.ticker()));
        }

        /** See {@link WaitingRoomSettings#ticker()}; default {@link System#nanoTime()}. */
        public Builder ticker(LongSupplier ticker) {
            return settings(new WaitingRoomSettings(settings.capacity(), settings.workers(), settings.deadline(),
                    settings.rememberOwnersFor(), settings.listener(), Arguments.requirePresent("ticker", ticker)));
        }

        /**
         * Every setting at once, for configuration kept elsewhere (a properties file, a framework).
         *
         * @throws IllegalArgumentException naming {@code settings} if it is null
         */
        public Builder settings(WaitingRoomSettings settings) {
            return new Builder(repository, Arguments.requirePresent("settings", settings));
        }

        /** The settings configured so far. */
        public WaitingRoomSettings settings() {
            return settings;
        }

        /** Builds the room and starts its threads. */
        public WaitingRoom build() {
            WaitingRoom room = new WaitingRoom(repository, settings);
            room.start();
            return room;
        }
    }
}
