/**
 * Spring Boot auto-configuration for booking: {@link dev.booking.spring.boot.BookingAutoConfiguration}
 * makes the seat repository on the application's DataSource or MongoClient and, as the
 * {@code booking.*} properties ({@link dev.booking.spring.boot.BookingProperties}) ask, the waiting
 * room, the shared line with its workers, and the outbox with its relay; every bean backs off when
 * the application defines its own, and contradictory configuration fails the start-up with a
 * {@link dev.booking.spring.boot.BookingConfigurationException} naming the property.
 */
package dev.booking.spring.boot;
