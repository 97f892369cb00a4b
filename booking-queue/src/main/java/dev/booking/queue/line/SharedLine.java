package dev.booking.queue.line;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineTransport;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The front of the shared line, one per service instance: {@link #submit} puts a request in the
 * line and answers a {@link Ticket} at once (or {@link SubmitResult.Busy} when the line is full);
 * {@link #status} tells any instance where a ticket stands. Deciding is the
 * {@link LineWorkers}' job, in the same or other processes.
 *
 * <pre>{@code
 * SharedLine line = SharedLine.builder(transport).build();
 * SubmitResult submitted = line.submit(ClaimRequest.book(show, user, "A7"), orderId);
 * // poll from any instance until final: Queued -> Processing -> Booked | Refused | Failed
 * TicketStatus status = line.status(ticketIdFromTheBrowser);
 * }</pre>
 *
 * <p>A request is decided under {@link #referenceFor(Ticket) a reference derived from its ticket}
 * (the reference it carried is replaced), so a redelivered request finds its own claim instead of
 * claiming twice.
 *
 * <p>Thread-safe. Its only state is the count of its own answers ({@link #stats()}); the line itself
 * lives in the broker, so any number of instances may serve the same line.
 */
public final class SharedLine {

    /** The longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private static final String REFERENCE_PREFIX = "ticket-";

    private final LineTransport transport;
    private final Duration busyRetryAfter;
    private final Clock clock;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder busy = new LongAdder();

    private SharedLine(Builder builder) {
        this.transport = builder.transport;
        this.busyRetryAfter = builder.busyRetryAfter;
        this.clock = builder.clock;
    }

    /**
     * Starts configuring the front of the line kept by {@code transport}.
     *
     * @param transport the broker's line, shared with every instance and worker
     * @return a builder with the defaults
     */
    public static Builder builder(LineTransport transport) {
        return new Builder(Arguments.requirePresent("transport", transport), Duration.ofSeconds(1), Clock.systemUTC());
    }

    /**
     * The reference every request of {@code ticket} is claimed under: {@code ticket-<id>}.
     *
     * @param ticket the ticket
     * @return its reference
     */
    public static BookingReference referenceFor(Ticket ticket) {
        Arguments.requirePresent("ticket", ticket);
        return BookingReference.of(REFERENCE_PREFIX + ticket.id());
    }

    /**
     * Submits {@code request} without an idempotency key: a retry after an unknown outcome makes a
     * second ticket.
     *
     * @param request the claim to decide
     * @return the ticket, or busy
     * @throws IllegalArgumentException naming {@code request} if it is missing
     * @throws dev.booking.core.BookingException if the broker could not accept it
     */
    public SubmitResult submit(ClaimRequest request) {
        return submit(request, null);
    }

    /**
     * Submits {@code request}. Returns once the broker holds it durably; a retried submit with the
     * same {@code idempotencyKey}, from any instance, answers the same ticket and queues nothing
     * more once the first has been accepted.
     *
     * @param request        the claim to decide
     * @param idempotencyKey the caller's key for this request (an order id), or {@code null}; 1 to
     *                       {@value #MAX_IDEMPOTENCY_KEY_LENGTH} characters, not blank, no control characters
     * @return the ticket, or busy when the line is at capacity
     * @throws IllegalArgumentException naming {@code request} or {@code idempotencyKey}; nothing is queued
     * @throws dev.booking.core.BookingException if the broker could not accept it; submit again with the same key
     */
    public SubmitResult submit(ClaimRequest request, String idempotencyKey) {
        Arguments.requirePresent("request", request);
        if (idempotencyKey != null) {
            requireValidKey(idempotencyKey);
        }
        Ticket ticket = idempotencyKey == null
                ? Ticket.random()
                : transport.ledger().bind(idempotencyKey, Ticket.random());
        if (idempotencyKey != null && !(transport.ledger().status(ticket) instanceof TicketStatus.Unknown)) {
            accepted.increment();
            return new SubmitResult.Accepted(ticket, true);
        }
        Envelope envelope = new Envelope(ticket, request.withReference(referenceFor(ticket)), clock.instant());
        LineTransport.AppendResult appended = transport.append(transport.partitionOf(request.show()), envelope);
        if (appended instanceof LineTransport.AppendResult.Full) {
            busy.increment();
            return new SubmitResult.Busy(busyRetryAfter);
        }
        accepted.increment();
        return new SubmitResult.Accepted(ticket, false);
    }

    /**
     * The answers this instance's {@link #submit} has given since it was built. The two counts are
     * read one after the other, so a snapshot taken while submits run may be a submit apart.
     *
     * @return the counts
     */
    public SharedLineStats stats() {
        return new SharedLineStats(accepted.sum(), busy.sum());
    }

    /**
     * The backlog of every partition whose transport can tell it ({@link LineTransport#backlog}),
     * in partition order: one broker read per partition, so meant for metrics and health checks, not
     * for every request.
     *
     * @return one backlog per partition; empty if the transport cannot tell any
     * @throws dev.booking.core.BookingException if the broker could not be read
     */
    public List<LineBacklog> backlog() {
        List<LineBacklog> backlog = new ArrayList<>();
        for (int partition = 0; partition < transport.partitions(); partition++) {
            Optional<LineBacklog> one = transport.backlog(partition);
            one.ifPresent(backlog::add);
        }
        return List.copyOf(backlog);
    }

    /** The line's name, as its transport gives it (for tags and logs). */
    public String name() {
        return transport.name();
    }

    /** How many partitions the line has. */
    public int partitions() {
        return transport.partitions();
    }

    /**
     * Where {@code ticket} stands.
     *
     * @param ticket the ticket
     * @return its status; {@link TicketStatus.Unknown} if this line never issued it or has forgotten it
     * @throws IllegalArgumentException naming {@code ticket} if it is missing
     */
    public TicketStatus status(Ticket ticket) {
        Arguments.requirePresent("ticket", ticket);
        return transport.ledger().status(ticket);
    }

    /**
     * Where the ticket named {@code ticketId} stands, for ids that arrive from outside (a URL):
     * anything that is not a ticket id of this line answers {@link TicketStatus.Unknown}, never an
     * exception.
     *
     * @param ticketId the id as received; may be {@code null} or malformed
     * @return its status
     */
    public TicketStatus status(String ticketId) {
        return Ticket.parse(ticketId).map(this::status).orElseGet(TicketStatus.Unknown::new);
    }

    private static void requireValidKey(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("idempotencyKey must not be blank");
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotencyKey must be at most " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " characters, was " + key.length());
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("idempotencyKey must not contain control characters");
        }
    }

    /** Immutable configuration of a {@link SharedLine}; every setter returns a new builder. */
    public static final class Builder {
        private final LineTransport transport;
        private final Duration busyRetryAfter;
        private final Clock clock;

        private Builder(LineTransport transport, Duration busyRetryAfter, Clock clock) {
            this.transport = transport;
            this.busyRetryAfter = busyRetryAfter;
            this.clock = clock;
        }

        /**
         * The hint {@link SubmitResult.Busy} gives; default 1 second.
         *
         * @param retryAfter positive
         * @return a new builder
         */
        public Builder busyRetryAfter(Duration retryAfter) {
            Arguments.requirePresent("retryAfter", retryAfter);
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
            }
            return new Builder(transport, retryAfter, clock);
        }

        /**
         * The clock that stamps {@link Envelope#submittedAt}; default UTC system time.
         *
         * @param clock the clock
         * @return a new builder
         */
        public Builder clock(Clock clock) {
            return new Builder(transport, busyRetryAfter, Arguments.requirePresent("clock", clock));
        }

        /** The line's front. */
        public SharedLine build() {
            return new SharedLine(this);
        }
    }
}
