package dev.booking.core.spi;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link BookingListener} about changes so that a failing listener cannot fail the change
 * it is told about: whatever it throws, short of a {@link VirtualMachineError}, is logged and
 * dropped, and the caller still gets its answer.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final BookingListener listener;

    /**
     * Publishes to {@code listener}.
     *
     * @param listener the listener; {@link BookingListener#NONE} for none
     * @throws IllegalArgumentException naming {@code listener} if it is null
     */
    public EventPublisher(BookingListener listener) {
        this.listener = Arguments.requirePresent("listener", listener);
    }

    /** Tells the listener about {@code event}; never throws what the listener throws. */
    public void publish(BookingEvent event) {
        if (listener == BookingListener.NONE) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            LOG.warn("booking listener failed on {} {} of {}; the change stands", event.type(), event.reference(),
                    event.seats(), e);
        }
    }

    /**
     * Tells the listener about every event of {@code outcome}, in order, and returns its answer.
     * Call it once the change is durable.
     */
    public <T> T deliver(Outcome<T> outcome) {
        outcome.events().forEach(this::publish);
        return outcome.result();
    }
}
