package dev.booking.core;

/**
 * Told about every committed change a repository makes: the place for confirmation mails, audit
 * logs and metrics. Register one with the repository's builder.
 *
 * <p>Delivery: synchronously, on the thread that made the change, after its transaction
 * committed, once per event, in commit order per thread. If the process dies between the commit
 * and the call, the event is lost: for guaranteed delivery, read the store (an outbox) instead.
 *
 * <p>Failures: an exception thrown by the listener is logged and swallowed; it never undoes the
 * change, and the caller still gets its result. The caller does wait for the listener, so slow
 * work (sending mail) belongs on an executor:
 *
 * <pre>{@code
 * BookingListener mails = event -> mailExecutor.execute(() -> mailer.send(event));
 * }</pre>
 *
 * <p>Thread-safety: called from every thread that uses the repository, so it must be thread-safe.
 */
@FunctionalInterface
public interface BookingListener {

    /** Ignores every event; the default of every repository. */
    BookingListener NONE = event -> { };

    /**
     * Called after {@code event} was committed.
     *
     * @param event what happened
     */
    void onEvent(BookingEvent event);
}
