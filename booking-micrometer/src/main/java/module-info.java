/**
 * Micrometer metrics for booking: {@link dev.booking.micrometer.MeteredSeatRepository} times every
 * repository call by outcome, and the binders publish the waiting room's, the shared line's, the
 * line workers', the outbox's and the relay's own counts. Only {@code dev.booking.micrometer} is API.
 */
module dev.booking.micrometer {
    requires transitive dev.booking.core;
    requires transitive dev.booking.queue;
    // MeterRegistry, Tag and MeterBinder appear in the API
    requires transitive micrometer.core;
    requires org.slf4j;

    exports dev.booking.micrometer;
}
