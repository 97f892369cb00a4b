/**
 * The queue kit: {@link dev.booking.tck.line.SharedLineContract}, the rules every shared line's
 * broker module must pass, run through a {@link dev.booking.tck.line.LineFixture} that the module's
 * compatibility test supplies (its lines, the seat store the workers decide on, and, where it can,
 * {@link dev.booking.tck.line.WorkerProcesses worker processes} and
 * {@link dev.booking.tck.line.BrokerFaults broker faults}).
 *
 * <p>The rules, by number (the "what must hold"; details on the contract):
 * <ul>
 *   <li><b>L1</b> one seat, many racers: {@code booking.tck.racers} tickets through two instances,
 *       four in-process workers and two worker processes where there are processes; one
 *       {@code Booked}, the rest {@code Refused(TAKEN)}, every ticket final, the store agrees.</li>
 *   <li><b>L2</b> order: a show's requests are decided in acceptance order (L2a); shows on different
 *       partitions proceed in parallel while a worker is stuck on one (L2b).</li>
 *   <li><b>L3</b> one final outcome: a final status never changes across instances (L3a); a request
 *       delivered again is not decided again (L3b); an idempotency key gives one ticket and one
 *       claim (L3c); the ledger settles a ticket once against racing settles (L3d).</li>
 *   <li><b>L4</b> crash recovery: a worker killed mid-line is replaced, nothing lost or decided
 *       twice, takeover time printed and under 30 s (L4a); a poison request ends {@code Failed} and
 *       the line goes on (L4b).</li>
 *   <li><b>L5</b> broker faults, where the fixture can cause them: dropped connections (L5a) and a
 *       broker restart (L5b) lose no accepted ticket; otherwise aborted with a "NOT APPLICABLE"
 *       line on stderr.</li>
 *   <li><b>L6</b> bad input and abuse: invalid submits throw and queue nothing (L6a); unknown and
 *       malformed ids are {@code Unknown} (L6b); a burst past capacity is busy and bounded (L6c);
 *       ticket ids are distinct and random-looking, and a refusal names nobody (L6d).</li>
 *   <li><b>L7</b> notices, on the store and outbox of {@link dev.booking.tck.line.LineFixture#outboxed()}:
 *       the race gives exactly one notice per ticket, one {@code BOOKED} and the rest
 *       {@code REFUSED}, each for its own user (L7a); a worker that dies between settling and
 *       writing its notices leaves them to the redelivery, none lost or doubled (L7b).</li>
 * </ul>
 *
 * <p>What the kit cannot see and a broker module must test itself: durability across a restart of
 * a broker configured as in production (the kit's L5b restarts the fixture's own broker), the
 * documented takeover time of its own lease or heartbeat settings (L4 only bounds it at 30 s), and
 * memory staying bounded under retention.
 */
package dev.booking.tck.line;
