package dev.booking.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * The names and tag keys of every meter this module registers, and the tag values it uses, as
 * constants for dashboards, alerts and {@link MeterFilter}s. Names follow Micrometer's conventions
 * (lowercase, dot-separated, base units: time in seconds); each registry renders them in its own
 * style ({@code booking_operations_seconds_count} on Prometheus).
 *
 * <p>Latency distribution: {@link #OPERATIONS} timers publish count, total time and maximum only,
 * as Micrometer's own instrumentation does. Client-side percentiles cannot be aggregated across
 * instances and a histogram costs a few dozen series per timer, so the choice is the application's:
 * {@link #latencyDistribution()} turns both on for the booking timers, or Spring Boot's
 * {@code management.metrics.distribution.*} properties do the same.
 *
 * <p>Not instantiable; thread-safe (constants only).
 */
public final class BookingMeters {

    // ------------------------------------------------------------------ the repository decorator

    /** Timer: every {@link MeteredSeatRepository} call, tagged {@link #OPERATION}, {@link #OUTCOME} and {@link #EXCEPTION}. */
    public static final String OPERATIONS = "booking.operations";
    /** Counter: seats whose expired hold a sweep cleared (the sum of {@code sweepExpiredHolds}' answers). */
    public static final String HOLDS_SWEPT = "booking.holds.swept";

    // ------------------------------------------------------------------ the waiting room

    /** Gauge: requests admitted and not yet answered ({@code WaitingRoomStats.queueDepth}). */
    public static final String WAITING_ROOM_WAITING = "booking.waiting.room.waiting";
    /** Gauge: repository calls running now ({@code WaitingRoomStats.callsInFlight}). */
    public static final String WAITING_ROOM_IN_FLIGHT = "booking.waiting.room.in.flight";
    /** Function counter: requests submitted with valid arguments. */
    public static final String WAITING_ROOM_SUBMITTED = "booking.waiting.room.submitted";
    /** Function counter: requests answered, tagged {@link #OUTCOME} served, busy, timed_out, failed or closed. */
    public static final String WAITING_ROOM_ANSWERED = "booking.waiting.room.answered";
    /** Function counter: served requests answered without a repository call of their own (a subset of served). */
    public static final String WAITING_ROOM_SHORT_CIRCUITED = "booking.waiting.room.short.circuited";
    /** Function counter: calls the room made into its repository. */
    public static final String WAITING_ROOM_REPOSITORY_CALLS = "booking.waiting.room.repository.calls";

    // ------------------------------------------------------------------ the shared line

    /** Function counter: this instance's submits, tagged {@link #OUTCOME} accepted or busy, and {@link #LINE}. */
    public static final String LINE_SUBMITS = "booking.line.submits";
    /** Gauge: accepted and undecided requests of one partition, tagged {@link #LINE} and {@link #PARTITION}. */
    public static final String LINE_DEPTH = "booking.line.depth";
    /** Time gauge (seconds): how long the oldest undecided request of a partition has waited; NaN if unknown. */
    public static final String LINE_OLDEST_AGE = "booking.line.oldest.age";
    /** Function counter: tickets the workers settled, tagged {@link #WORKER} and {@link #OUTCOME} booked, refused or failed. */
    public static final String LINE_DECISIONS = "booking.line.decisions";
    /** Function counter: requests the workers moved to the dead letters, tagged {@link #WORKER}. */
    public static final String LINE_DEAD_LETTERS = "booking.line.dead.letters";
    /** Function counter: refusals and failures whose notice names nobody (unreadable requests), tagged {@link #WORKER}. */
    public static final String LINE_UNADDRESSED = "booking.line.unaddressed";

    // ------------------------------------------------------------------ the outbox

    /** Gauge: outbox records in one {@link #STATE} (pending, sent, dead); cached, NaN while the store fails. */
    public static final String OUTBOX_BACKLOG = "booking.outbox.backlog";
    /** Function counter: records one relay delivered, tagged {@link #RELAY}. */
    public static final String OUTBOX_RELAY_DELIVERED = "booking.outbox.relay.delivered";
    /** Function counter: failed attempts the relay scheduled again, tagged {@link #RELAY}. */
    public static final String OUTBOX_RELAY_RETRIED = "booking.outbox.relay.retried";
    /** Function counter: records that went dead at this relay, tagged {@link #RELAY}. */
    public static final String OUTBOX_RELAY_DEAD = "booking.outbox.relay.dead";
    /** Function counter: records whose lease passed to another relay before this one could mark them, tagged {@link #RELAY}. */
    public static final String OUTBOX_RELAY_LOST_LEASES = "booking.outbox.relay.lost.leases";
    /** Function counter: records the relay purged after their retention, tagged {@link #RELAY}. */
    public static final String OUTBOX_RELAY_PURGED = "booking.outbox.relay.purged";

    // ------------------------------------------------------------------ tag keys

    /** Tag key: the repository operation ({@code try_book}, {@code claim}, ...). */
    public static final String OPERATION = "operation";
    /** Tag key: the outcome (the result's variant in snake case, {@code error}, {@code invalid}, ...). */
    public static final String OUTCOME = "outcome";
    /** Tag key: the simple class name of the exception a call threw, {@value #NONE} when it threw none. */
    public static final String EXCEPTION = "exception";
    /** Tag key: a shared line's partition number. */
    public static final String PARTITION = "partition";
    /** Tag key: a shared line's name. */
    public static final String LINE = "line";
    /** Tag key: the line workers' name ({@code LineWorkers.workerName()}). */
    public static final String WORKER = "worker";
    /** Tag key: an outbox record's state, lowercase. */
    public static final String STATE = "state";
    /** Tag key: an outbox relay's name ({@code OutboxRelay.name()}). */
    public static final String RELAY = "relay";

    // ------------------------------------------------------------------ operation tag values

    /** {@code SeatRepository.tryBook}. */
    public static final String TRY_BOOK = "try_book";
    /** {@code SeatRepository.claim}. */
    public static final String CLAIM = "claim";
    /** {@code SeatRepository.hold}. */
    public static final String HOLD = "hold";
    /** {@code SeatRepository.confirm}. */
    public static final String CONFIRM = "confirm";
    /** Both {@code SeatRepository.release} methods, by reference and by seat. */
    public static final String RELEASE = "release";
    /** {@code SeatRepository.sweepExpiredHolds}. */
    public static final String SWEEP_EXPIRED_HOLDS = "sweep_expired_holds";
    /** {@code SeatRepository.addSeats}. */
    public static final String ADD_SEATS = "add_seats";
    /** {@code SeatRepository.findSeat}. */
    public static final String FIND_SEAT = "find_seat";
    /** {@code SeatRepository.listSeats}. */
    public static final String LIST_SEATS = "list_seats";

    // ------------------------------------------------------------------ outcome tag values

    /** {@code BookingResult.Booked}. */
    public static final String BOOKED = "booked";
    /** {@code BookingResult.AlreadyYours}. */
    public static final String ALREADY_YOURS = "already_yours";
    /** {@code BookingResult.Taken}. */
    public static final String TAKEN = "taken";
    /** {@code BookingResult.NoSuchSeat}. */
    public static final String NO_SUCH_SEAT = "no_such_seat";
    /** {@code ClaimResult.Claimed}. */
    public static final String CLAIMED = "claimed";
    /** {@code ClaimResult.Unavailable}. */
    public static final String UNAVAILABLE = "unavailable";
    /** {@code ClaimResult.NoSuchSeats}. */
    public static final String NO_SUCH_SEATS = "no_such_seats";
    /** {@code ClaimResult.ReferenceInUse}. */
    public static final String REFERENCE_IN_USE = "reference_in_use";
    /** {@code ConfirmResult.Confirmed}. */
    public static final String CONFIRMED = "confirmed";
    /** {@code ConfirmResult.Lapsed}. */
    public static final String LAPSED = "lapsed";
    /** {@code ConfirmResult.NotYours} and {@code ReleaseResult.NotYours}. */
    public static final String NOT_YOURS = "not_yours";
    /** {@code ReleaseResult.Released}. */
    public static final String RELEASED = "released";
    /** {@code ReleaseResult.NothingToRelease}. */
    public static final String NOTHING_TO_RELEASE = "nothing_to_release";
    /** {@code findSeat} found the seat. */
    public static final String FOUND = "found";
    /** {@code findSeat} answered empty: the seat was never added. */
    public static final String NOT_FOUND = "not_found";
    /** {@code addSeats} returned. */
    public static final String ADDED = "added";
    /** {@code listSeats} returned. */
    public static final String LISTED = "listed";
    /** {@code sweepExpiredHolds} returned (how many seats it cleared is {@link #HOLDS_SWEPT}). */
    public static final String SWEPT = "swept";
    /** The call threw {@link IllegalArgumentException}: the caller's input was rejected, nothing was written. */
    public static final String INVALID = "invalid";
    /** The call threw any other exception (the store failed); the {@link #EXCEPTION} tag names it. */
    public static final String ERROR = "error";
    /** The {@link #EXCEPTION} tag of a call that threw nothing. */
    public static final String NONE = "none";
    /** A shared line's submit answered accepted. */
    public static final String ACCEPTED = "accepted";
    /** A waiting room or shared line answered busy: it was full. */
    public static final String BUSY = "busy";
    /** The waiting room answered served. */
    public static final String SERVED = "served";
    /** The waiting room answered timed out. */
    public static final String TIMED_OUT = "timed_out";
    /** The waiting room's own repository call threw; a ticket ended failed. */
    public static final String FAILED = "failed";
    /** The waiting room answered closed. */
    public static final String CLOSED = "closed";
    /** A ticket ended refused. */
    public static final String REFUSED = "refused";

    /** The percentiles {@link #latencyDistribution()} publishes. */
    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private BookingMeters() {
    }

    /**
     * A filter that gives the {@link #OPERATIONS} timers the percentiles 0.5, 0.95 and 0.99 and a
     * percentile histogram (for {@code histogram_quantile} across instances on Prometheus); add it
     * to the registry before {@link MeteredSeatRepository#wrap}:
     * {@code registry.config().meterFilter(BookingMeters.latencyDistribution())}.
     *
     * @return the filter; it leaves every other meter as it is
     */
    public static MeterFilter latencyDistribution() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(OPERATIONS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentiles(PERCENTILES)
                        .percentilesHistogram(true)
                        .build()
                        .merge(config);
            }
        };
    }
}
