/**
 * The MongoDB servers of this project's tests, in one place: {@link
 * dev.booking.mongo.testsupport.InProcessMongo}, mongo-java-server started in the JVM with replies
 * that are consistent snapshots ({@link dev.booking.mongo.testsupport.CopyingMemoryBackend}), which
 * the adapter's tests, the race demo and the benchmarks use; and {@link
 * dev.booking.mongo.testsupport.RealMongoServer}, which finds or starts a real MongoDB for the
 * optional-server suites. This module is not published; adapter authors need only booking-tck.
 */
package dev.booking.mongo.testsupport;
