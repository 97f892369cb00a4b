package dev.booking.core.outbox;

import java.util.function.Consumer;

/**
 * Delivers a {@link Notice} to its person: by email ({@code booking-notify-mail}), or by anything
 * the application sends itself (webhook, push) through {@link #callback}.
 *
 * <p>A delivery may be repeated: a relay that dies after the receiver accepted a notice and before
 * it recorded that fact delivers it again. Carry {@link Notice#id()} so the receiver can drop the
 * repeat. Thread-safety: a relay calls one delivery from several threads at once.
 */
@FunctionalInterface
public interface NoticeDelivery {

    /**
     * Delivers {@code notice} once. An exception thrown counts as {@link DeliveryResult.RetryLater}.
     *
     * @param notice what to tell
     * @return what came of it
     */
    DeliveryResult deliver(Notice notice);

    /**
     * A delivery that hands every notice to {@code sender}: returning is {@link DeliveryResult#DELIVERED},
     * throwing is {@link DeliveryResult.RetryLater}.
     *
     * @throws IllegalArgumentException naming {@code sender} if it is null
     */
    static NoticeDelivery callback(Consumer<Notice> sender) {
        dev.booking.core.spi.Arguments.requirePresent("sender", sender);
        return notice -> {
            sender.accept(notice);
            return DeliveryResult.DELIVERED;
        };
    }
}
