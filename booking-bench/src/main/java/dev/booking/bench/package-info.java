/**
 * The race demo: N users press "Book" on S seats at the same instant, on the embedded H2 database
 * or any supported store, and the report shows winners, losers, errors, latency and an integrity
 * check of what was stored. Also home to the benchmarks.
 */
package dev.booking.bench;
