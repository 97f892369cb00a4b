package dev.booking.jdbc;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.tck.history.Operation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failover to an asynchronous standby lost, audited against what must still hold: every
 * acknowledged booking missing on the promoted server was acknowledged before the old primary was
 * dead (the promoted server answered nothing it then forgot), and every stored owner asked for the
 * seat (nothing appeared out of nowhere).
 *
 * @param lost                   acknowledged bookings the promoted server does not have
 * @param acknowledgedBeforeKill bookings acknowledged before the kill ended
 * @param seatsToldToTwoUsers    seats acknowledged to two users: a lost booking's seat booked again
 * @param latestLostMillis       how long before the kill began the latest lost booking was acknowledged
 */
record FailoverLoss(List<Operation> lost, long acknowledgedBeforeKill, long seatsToldToTwoUsers,
                    long latestLostMillis) {

    /**
     * Audits {@code history} (unknown outcomes already resolved by retry) against {@code stored}.
     *
     * @param killStarted when the kill was started ({@link System#nanoTime()})
     * @param killed      when the old primary was certainly dead
     * @throws AssertionError when what must hold does not
     */
    static FailoverLoss audit(List<Operation> history, Map<SeatId, UserId> stored, long killStarted, long killed) {
        List<Operation> acknowledged = history.stream()
                .filter(op -> op.observed() == Operation.Observed.BOOKED
                        || op.observed() == Operation.Observed.ALREADY_YOURS)
                .toList();
        List<Operation> lost = acknowledged.stream().filter(op -> !op.user().equals(stored.get(op.seat()))).toList();
        for (Operation op : lost) {
            assertThat(op.returned()).as("%s lost, though acknowledged after the old primary was dead",
                    op.describe(killStarted)).isLessThan(killed);
        }
        Map<SeatId, Set<UserId>> askedBy = history.stream().filter(op -> op.kind() == Operation.Kind.BOOK)
                .collect(Collectors.groupingBy(Operation::seat, Collectors.mapping(Operation::user, Collectors.toSet())));
        stored.forEach((seat, owner) -> assertThat(askedBy.getOrDefault(seat, Set.of()))
                .as("users who asked for %s, stored as %s's", seat, owner).contains(owner));
        long toldTwice = acknowledged.stream().collect(Collectors.groupingBy(Operation::seat,
                        Collectors.mapping(Operation::user, Collectors.toSet())))
                .values().stream().filter(users -> users.size() > 1).count();
        long latest = lost.stream().mapToLong(op -> killStarted - op.returned()).min().orElse(0);
        return new FailoverLoss(lost, acknowledged.stream().filter(op -> op.returned() < killed).count(), toldTwice,
                TimeUnit.NANOSECONDS.toMillis(latest));
    }
}
