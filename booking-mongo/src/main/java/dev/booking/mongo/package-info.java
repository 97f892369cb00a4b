/**
 * The MongoDB adapter of booking, on the synchronous Java driver:
 * {@link dev.booking.mongo.MongoSeatRepository} stores one document per seat and changes a seat only
 * by conditional writes ({@code findOneAndUpdate}, {@code updateOne}) whose filter states when the
 * change is allowed, so a seat is booked only while it is free. Holds expire by the application's
 * clock; groups of seats are claimed all or nothing by sorted claims with compensation, on every
 * topology. Majority write and read concern by default; every driver failure becomes a classified
 * {@link dev.booking.core.BookingException}. The caller owns the {@code MongoClient}; indexes are
 * created only when {@link dev.booking.mongo.MongoSeatRepository#createIndexes()} is called.
 * {@link dev.booking.mongo.MongoOutbox} is the transactional outbox's store: a repository built with
 * it writes each change's notices in the change's own single-document write and copies them there.
 */
package dev.booking.mongo;
