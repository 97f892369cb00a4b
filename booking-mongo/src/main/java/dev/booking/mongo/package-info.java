/**
 * The MongoDB adapter of booking, on the synchronous Java driver:
 * {@link dev.booking.mongo.MongoSeatRepository} stores one document per seat and books a seat with a
 * single conditional {@code findOneAndUpdate} that matches only while the seat is empty, with
 * majority write and read concern by default, and reports every driver failure as a classified
 * {@link dev.booking.core.BookingException}. The caller owns the {@code MongoClient}; indexes are
 * created only when {@link dev.booking.mongo.MongoSeatRepository#createIndexes()} is called.
 */
package dev.booking.mongo;
