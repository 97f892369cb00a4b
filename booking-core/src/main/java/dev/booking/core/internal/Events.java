package dev.booking.core.internal;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to a {@link BookingListener} so that a failing listener cannot fail the change it
 * is told about: whatever it throws, short of a {@link VirtualMachineError}, is logged and dropped.
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final BookingListener listener;

    /** Delivers to {@code listener}. */
    public Events(BookingListener listener) {
        this.listener = Arguments.requirePresent("listener", listener);
    }

    /** Tells the listener; never throws what the listener throws. */
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
}
