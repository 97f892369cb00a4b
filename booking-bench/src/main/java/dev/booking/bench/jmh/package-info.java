/**
 * The micro-benchmarks of issue 18, run with JMH ({@code ./bench --workloads jmh}): the in-memory
 * repository beside a {@code ConcurrentHashMap} doing the same work on the same keys (the floor),
 * the waiting room beside the same repository called directly (the difference is the room's overhead
 * per request), and the linearizability checker on histories of the sizes the kit races. Besides
 * JMH, two measurements that are not timings: the bytes a waiting room holds per waiting request
 * ({@link dev.booking.bench.jmh.WaitingFootprint}, target under 1 KB) and the largest history the
 * checker decides within one second ({@link dev.booking.bench.jmh.CheckerReach}).
 * {@link dev.booking.bench.jmh.JmhSuite} runs them all and writes {@code jmh.md} and {@code jmh.json}.
 *
 * <p>Every benchmark body checks what it did (a free seat is booked, a taken seat is refused, a
 * history is found linearizable) and throws otherwise, so a run that breaks a promise fails instead
 * of producing a figure.
 */
package dev.booking.bench.jmh;
