/**
 * The harness that races callers against a store, with two modes behind one entry point
 * ({@link dev.booking.bench.Main}): the race demo ({@code ./race}, {@link dev.booking.bench.RaceDemo}) and
 * the benchmark ({@code ./bench}, package {@code perf}). Both share what is here: the stores (H2,
 * PostgreSQL, MariaDB or MySQL through one HikariCP pool, the in-process Mongo server or a real one),
 * the option parser, the race round built on the compatibility kit's {@link dev.booking.tck.Race}, and
 * the integrity check that compares what callers were told with what the store holds, for single
 * seats and for groups.
 */
package dev.booking.bench;
