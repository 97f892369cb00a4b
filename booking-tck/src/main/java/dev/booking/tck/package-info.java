/**
 * The technology compatibility kit (TCK) for {@link dev.booking.core.SeatRepository}: abstract
 * JUnit 5 classes that an adapter's test suite extends with one factory method, so that every
 * backend, including third-party ones, is held to the same documented rules. Race sizes, rounds and
 * timeouts come from {@link dev.booking.tck.TckSettings} and can be raised from the environment; so
 * does the seed of rule 10's random hostile identifiers ({@link dev.booking.tck.HostileIdentifiers}).
 */
package dev.booking.tck;
