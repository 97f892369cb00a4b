/**
 * A third-party adapter in miniature: {@link dev.booking.tck.example.SeatLockingRepository} is
 * written only against {@code booking-core}'s public API and SPI, the way the README tells adapter
 * authors to write theirs, and runs the whole compatibility kit to show that an adapter built on
 * the SPI's rules passes it.
 */
package dev.booking.tck.example;
