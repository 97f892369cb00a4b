package dev.booking.micrometer;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SeatRepository} that times every call of the repository it wraps and counts it by
 * outcome, and does nothing else: the same arguments reach the delegate, the same results and the
 * same exceptions come back (the compatibility kit passes on a wrapped repository).
 *
 * <pre>{@code
 * SeatRepository seats = MeteredSeatRepository.wrap(jdbcSeats, registry, Tags.of("store", "postgres"));
 * }</pre>
 *
 * <p>Each call is recorded once in the timer {@value BookingMeters#OPERATIONS} with the given tags
 * and three more: {@value BookingMeters#OPERATION} (see {@link BookingMeters#TRY_BOOK} and the
 * others; both {@code release} methods are {@code release}), {@value BookingMeters#OUTCOME} (the
 * variant of the sealed result in snake case, {@code found}/{@code not_found} for
 * {@code findSeat}, {@code added}, {@code listed} or {@code swept} for the calls that answer no
 * result type; {@code invalid} when the call threw {@link IllegalArgumentException}, {@code error}
 * for any other exception) and {@value BookingMeters#EXCEPTION} (the exception's simple class name,
 * {@code none} when there was none). Every timer of the name has the same tag keys, as Prometheus
 * requires. The exception is rethrown unchanged. Seats cleared by sweeps are counted in
 * {@value BookingMeters#HOLDS_SWEPT}. The timers publish no percentiles unless the registry asks
 * for them (see {@link BookingMeters#latencyDistribution()}).
 *
 * <p>It does not implement {@link dev.booking.core.OrderedClaims}, even over a delegate that does
 * (a final class cannot offer it only sometimes, and offering it over a store without it would
 * break that contract). {@code LineWorkers} decide a batch in one transaction only on an
 * {@code OrderedClaims} store, so give the workers the {@linkplain #delegate() delegate} itself
 * (their decisions are counted by {@link LineWorkerMetrics}); over the metered repository they
 * fall back to one transaction per request, correct but slower.
 *
 * <p>Thread-safe if the delegate is (a {@code SeatRepository} must be); the timers are created on
 * first use and kept.
 */
public final class MeteredSeatRepository implements SeatRepository {

    private final SeatRepository delegate;
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter holdsSwept;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private MeteredSeatRepository(SeatRepository delegate, MeterRegistry registry, Tags tags) {
        this.delegate = delegate;
        this.registry = registry;
        this.tags = tags;
        this.holdsSwept = Counter.builder(BookingMeters.HOLDS_SWEPT)
                .description("Seats whose expired hold a sweep cleared")
                .tags(tags)
                .register(registry);
    }

    /**
     * Wraps {@code delegate}, recording into {@code registry}.
     *
     * @param delegate the repository to measure
     * @param registry where the meters go
     * @param tags     tags added to every meter (for instance the store's name); may be empty
     * @return the metered repository
     * @throws IllegalArgumentException naming {@code delegate}, {@code registry} or {@code tags} if missing
     */
    public static MeteredSeatRepository wrap(SeatRepository delegate, MeterRegistry registry, Iterable<Tag> tags) {
        Arguments.requirePresent("delegate", delegate);
        Arguments.requirePresent("registry", registry);
        Arguments.requirePresent("tags", tags);
        return new MeteredSeatRepository(delegate, registry, Tags.of(tags));
    }

    /** The repository this one measures. */
    public SeatRepository delegate() {
        return delegate;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return timed(BookingMeters.TRY_BOOK, () -> delegate.tryBook(seat, user), MeteredSeatRepository::outcomeOf);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        timed(BookingMeters.ADD_SEATS, () -> {
            delegate.addSeats(show, numbers);
            return BookingMeters.ADDED;
        }, Function.identity());
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return timed(BookingMeters.FIND_SEAT, () -> delegate.findSeat(seat),
                found -> found == null ? null : found.isPresent() ? BookingMeters.FOUND : BookingMeters.NOT_FOUND);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return timed(BookingMeters.LIST_SEATS, () -> delegate.listSeats(show), listed -> BookingMeters.LISTED);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return timed(BookingMeters.CLAIM, () -> delegate.claim(request), MeteredSeatRepository::outcomeOf);
    }

    /** {@inheritDoc} Timed as {@code hold}: the delegate's own {@code hold} is called, not {@code claim}. */
    @Override
    public ClaimResult hold(SeatId seat, UserId user, Duration holdFor) {
        return timed(BookingMeters.HOLD, () -> delegate.hold(seat, user, holdFor), MeteredSeatRepository::outcomeOf);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return timed(BookingMeters.CONFIRM, () -> delegate.confirm(reference, user), MeteredSeatRepository::outcomeOf);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return timed(BookingMeters.RELEASE, () -> delegate.release(reference, user), MeteredSeatRepository::outcomeOf);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return timed(BookingMeters.RELEASE, () -> delegate.release(seat, user), MeteredSeatRepository::outcomeOf);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        int cleared = timed(BookingMeters.SWEEP_EXPIRED_HOLDS, () -> delegate.sweepExpiredHolds(limit), n -> BookingMeters.SWEPT);
        if (cleared > 0) {
            holdsSwept.increment(cleared);
        }
        return cleared;
    }

    @Override
    public String toString() {
        return "Metered[" + delegate + "]";
    }

    /** Runs {@code call}, records its time under its outcome, and answers or rethrows what it did. */
    private <T> T timed(String operation, Supplier<T> call, Function<T, String> outcome) {
        Timer.Sample sample = Timer.start(registry);
        T result;
        try {
            result = call.get();
        } catch (IllegalArgumentException invalid) {
            sample.stop(timer(operation, BookingMeters.INVALID, exceptionName(invalid)));
            throw invalid;
        } catch (RuntimeException | Error failure) {
            sample.stop(timer(operation, BookingMeters.ERROR, exceptionName(failure)));
            throw failure;
        }
        String named = outcome.apply(result);
        // a delegate that breaks its contract by answering null is still counted, and still answered as it was
        sample.stop(timer(operation, named == null ? "null" : named, BookingMeters.NONE));
        return result;
    }

    private Timer timer(String operation, String outcome, String exception) {
        return timers.computeIfAbsent(new TimerKey(operation, outcome, exception), key -> Timer.builder(BookingMeters.OPERATIONS)
                .description("Seat repository calls, by operation and outcome")
                .tags(tags)
                .tag(BookingMeters.OPERATION, key.operation())
                .tag(BookingMeters.OUTCOME, key.outcome())
                .tag(BookingMeters.EXCEPTION, key.exception())
                .register(registry));
    }

    private static String exceptionName(Throwable thrown) {
        String simple = thrown.getClass().getSimpleName();
        return simple.isEmpty() ? thrown.getClass().getName() : simple; // anonymous classes have no simple name
    }

    private static String outcomeOf(BookingResult result) {
        if (result instanceof BookingResult.Booked) {
            return BookingMeters.BOOKED;
        } else if (result instanceof BookingResult.AlreadyYours) {
            return BookingMeters.ALREADY_YOURS;
        } else if (result instanceof BookingResult.Taken) {
            return BookingMeters.TAKEN;
        } else if (result instanceof BookingResult.NoSuchSeat) {
            return BookingMeters.NO_SUCH_SEAT;
        }
        return null;
    }

    private static String outcomeOf(ClaimResult result) {
        if (result instanceof ClaimResult.Claimed) {
            return BookingMeters.CLAIMED;
        } else if (result instanceof ClaimResult.Unavailable) {
            return BookingMeters.UNAVAILABLE;
        } else if (result instanceof ClaimResult.NoSuchSeats) {
            return BookingMeters.NO_SUCH_SEATS;
        } else if (result instanceof ClaimResult.ReferenceInUse) {
            return BookingMeters.REFERENCE_IN_USE;
        }
        return null;
    }

    private static String outcomeOf(ConfirmResult result) {
        if (result instanceof ConfirmResult.Confirmed) {
            return BookingMeters.CONFIRMED;
        } else if (result instanceof ConfirmResult.Lapsed) {
            return BookingMeters.LAPSED;
        } else if (result instanceof ConfirmResult.NotYours) {
            return BookingMeters.NOT_YOURS;
        }
        return null;
    }

    private static String outcomeOf(ReleaseResult result) {
        if (result instanceof ReleaseResult.Released) {
            return BookingMeters.RELEASED;
        } else if (result instanceof ReleaseResult.NotYours) {
            return BookingMeters.NOT_YOURS;
        } else if (result instanceof ReleaseResult.NothingToRelease) {
            return BookingMeters.NOTHING_TO_RELEASE;
        }
        return null;
    }

    private record TimerKey(String operation, String outcome, String exception) {
    }
}
