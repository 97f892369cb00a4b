/**
 * The benchmarks of issue 7: the library's conditional UPDATE measured side by side with what users would
 * write instead (raw JDBC running the identical statement, the naive read-then-write, pessimistic
 * {@code SELECT ... FOR UPDATE}) and with the database's own ceiling ({@code pgbench} running the same
 * UPDATE), on H2, PostgreSQL, MariaDB and an in-process MongoDB server. Each baseline runs in the same
 * process, on the same pool and table, alternating with the library's runs (A B A B) so that a noisy
 * machine affects both alike; the ratio is reported pair by pair. The workloads are "distinct seats" at
 * rising client concurrency, "hot seat" (a thousand callers racing for one seat, round after round) and,
 * where the waiting room exists, the hot seat with and without it; groups of 2 and 4 adjacent seats, distinct
 * and overlapping, booked all or nothing by the library's {@code claim} against {@code SELECT ... FOR UPDATE}
 * per seat written by hand, with the deadlocks that reach callers counted (issue 18,
 * {@code GroupsRun}); and the shared line's (issue 15), per
 * broker (in-memory, Redis, RabbitMQ): submit throughput and latency, decisions per partition, the hot seat
 * through the line beside direct {@code tryBook} and the waiting room, and batches of distinct seats decided
 * in one transaction each against direct {@code tryBook}; and the outbox's (issue 16), on the SQL stores: distinct
 * seats booked with and without the transactional outbox in A/B pairs (each outbox run checked to leave one
 * notice per booking), and the relay's messages per second, by SMTP to a server in this JVM and to a no-op
 * callback; and the stadium on-sale (issue 18): 100,000 seats added, then 200,000 skewed attempts by 1,000
 * users with holds that lapse and are sold again, until sold out, beside the same on-sale on the in-memory
 * reference repository ({@link dev.booking.bench.perf.StadiumRun}, checked by its own
 * {@link dev.booking.bench.perf.StadiumCheck}). Results go to Markdown, CSV and a PNG
 * chart; every run is also checked for integrity (one winner per seat, every caller answered, every
 * acknowledged win stored). This is the harness's {@code bench} mode ({@link dev.booking.bench.perf.Benchmark});
 * the stores, the race rounds and the integrity check are the harness's own, shared with the race demo.
 */
package dev.booking.bench.perf;
