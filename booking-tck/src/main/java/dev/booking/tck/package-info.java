/**
 * The technology compatibility kit (TCK) for {@link dev.booking.core.SeatRepository}: abstract
 * JUnit 5 classes that an adapter's test suite extends with one factory method, so that every
 * backend, including third-party ones, is held to the same documented rules. Race sizes, rounds and
 * timeouts come from {@link dev.booking.tck.TckSettings} and can be raised from the environment; so
 * does the seed of rule 10's random hostile identifiers ({@link dev.booking.tck.HostileIdentifiers}).
 *
 * <h2>Faults inside the kit</h2>
 *
 * <p>Rules 25 and 26 of {@link dev.booking.tck.SeatLifecycleContract} race bookings and claims while
 * the store fails: commits that fail, and writes that commit but whose reply is lost. The kit cannot
 * break a store by itself, so the adapter's test supplies a {@link dev.booking.tck.StoreFaults} hook
 * by overriding {@link dev.booking.tck.SeatLifecycleContract#faults()}, typically a wrapper around
 * its connections or client that asks a {@link dev.booking.tck.CountdownFaults} at each write; this
 * project's are {@code FaultInjectingDataSource} (JDBC) and {@code FaultInjectingMongoClient}
 * (MongoDB). Without a hook both rules are aborted as not applicable and say so on stderr.
 *
 * <h2>What the kit cannot see: test it in your adapter</h2>
 *
 * <p>The kit sees only what the repository answers and what its listener hears, from one JVM, over
 * a store that keeps running (it fails writes through the adapter's hook, but never stops or
 * restarts the store). Some guarantees do not show there, or show only as a slower run, so
 * an adapter must test them itself. Each is listed with the test that covers it in this project's
 * adapters, as an example:
 *
 * <ul>
 *   <li><b>Holds expire by the store's one clock, not by each application's.</b> The kit waits until
 *       the store reports a hold free and never compares clocks, so an adapter that computes expiry
 *       from the JVM's clock passes it on one machine and fails across machines whose clocks
 *       differ. SQL: {@code JdbcLifecycleSuite.theHoldExpiryIsTheDatabaseClockAtTheClaimPlusTheHoldLength}
 *       and {@code whetherAHoldHasExpiredIsDecidedByTheDatabaseClockAlone} (moving a stored expiry
 *       with {@code DatabaseClock}), and {@code TimeZoneTest} for session and JVM time zones far
 *       from UTC; MongoDB, which judges by an injected clock:
 *       {@code MongoLifecycleTest.theInjectedClockAloneDecidesWhenAHoldExpires}.</li>
 *   <li><b>Group claims lock their seats in one order.</b> An inconsistent order deadlocks; the
 *       database aborts one transaction and the adapter retries it, so rule 15 still passes and the
 *       defect shows only as wasted work and latency. {@code JdbcLifecycleSuite
 *       .overlappingGroupClaimsNeverDeadlockNorLeaveAPartialGroup} records every deadlock,
 *       serialization failure and lock timeout, retried or not, through
 *       {@code ConflictRecordingDataSource} and requires none.</li>
 *   <li><b>Acknowledged bookings survive a crash, a restart or a failover.</b> The kit never stops
 *       the store, which rules 25 and 26 only make fail or lose replies.
 *       {@code FaultInjectionTest.theServerRestartedInTheMiddleOfARace} (where the test
 *       controls the server, as CI does) and {@code connectionsKilledInTheMiddleOfARaceRepeatedly},
 *       each audited by {@code AuditedRace}: every acknowledged booking stored, every unknown
 *       outcome resolved by repeating the call; MongoDB's {@code majority} write concern default,
 *       as sent on the wire, in {@code MongoSeatRepositoryTest}, and a server that goes away in
 *       {@code UnreachableServerTest}.</li>
 *   <li><b>The rules hold at every isolation level the adapter allows.</b> The kit runs at whatever
 *       level the adapter's test configures. {@code PostgresSerializableCompatibilityTest} and
 *       {@code PostgresSerializableLifecycleCompatibilityTest} run the kit at SERIALIZABLE, where
 *       losers are aborted with SQLState 40001 instead of matching no row, and check that no abort
 *       reaches a caller as anything but its proper answer.</li>
 *   <li><b>Connection hygiene.</b> A connection goes back to the pool as it came: autocommit on and
 *       isolation unchanged, also after SERIALIZABLE transactions and rollbacks. The kit cannot see
 *       the pool: {@code ConnectionHygieneTest}.</li>
 *   <li><b>Least privilege.</b> The adapter needs only the rights its documentation grants (SQL:
 *       SELECT, INSERT and UPDATE on its table). The kit runs as whatever user it is given:
 *       {@code LeastPrivilegeTest}.</li>
 *   <li><b>Several processes, one store.</b> The kit races threads of one JVM, sharing one
 *       repository and one pool: {@code MultiProcessRaceTest} races four JVMs with pools of their
 *       own.</li>
 *   <li><b>No query is built from user data.</b> Rule 10 sees that hostile identifiers are inert,
 *       not how they travel: {@code SqlTextCaptureTest} captures every statement text and finds no
 *       user value in any.</li>
 *   <li><b>A claim whose process died half-way.</b> The kit cannot kill a caller inside a call; an
 *       adapter that makes groups all-or-nothing without transactions must show what such a claim
 *       leaves behind and that it ends: {@code MongoLifecycleTest
 *       .pendingHoldsLeftByADeadClaimBlockOnlyUntilThePendingHoldPassesAndNeverBecomeBookings}.</li>
 * </ul>
 */
package dev.booking.tck;
