/**
 * Micrometer metrics for booking, usable with or without Spring. {@link
 * dev.booking.micrometer.MeteredSeatRepository} wraps any {@link dev.booking.core.SeatRepository}
 * and times each call under {@code booking.operations}, tagged by operation and by the outcome its
 * sealed result names (contention is an outcome, an exception is {@code error} or {@code invalid});
 * it changes nothing else. The {@link io.micrometer.core.instrument.binder.MeterBinder}s publish what
 * the other parts already count: {@link dev.booking.micrometer.WaitingRoomMetrics},
 * {@link dev.booking.micrometer.SharedLineMetrics}, {@link dev.booking.micrometer.LineWorkerMetrics},
 * {@link dev.booking.micrometer.OutboxMetrics} and {@link dev.booking.micrometer.OutboxRelayMetrics}.
 * Every meter's name and tag key is a constant of {@link dev.booking.micrometer.BookingMeters}.
 */
package dev.booking.micrometer;
