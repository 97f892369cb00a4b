package dev.booking.jdbc;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.tck.history.Operation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failover to an asynchronous standby lost, audited against what must still hold: every
 * acknowledged booking missing on the promoted server was acknowledged inside the window, after the
 * standby stopped receiving (the replication link was held) and before the old primary was dead
 * (the standby had everything older, and the promoted server forgot nothing it answered itself);
 * and every stored owner asked for the seat (nothing appeared out of nowhere).
 *
 * @param lost                   acknowledged bookings the promoted server does not have
 * @param acknowledgedBeforeKill bookings acknowledged before the kill ended
 * @param seatsToldToTwoUsers    seats acknowledged to two users: a lost booking's seat booked again
 */
record FailoverLoss(List<Operation> lost, long acknowledgedBeforeKill, long seatsToldToTwoUsers) {

    /**
     * Audits {@code history} (unknown outcomes already resolved by retry) against {@code stored}.
     *
     * @param holdStarted when the standby stopped receiving ({@link System#nanoTime()}), at a point
     *                    where it had received everything acknowledged before
     * @param killed      when the old primary was certainly dead
     * @throws AssertionError when what must hold does not
     */
    static FailoverLoss audit(List<Operation> history, Map<SeatId, UserId> stored, long holdStarted, long killed) {
        List<Operation> acknowledged = history.stream()
                .filter(op -> op.observed() == Operation.Observed.BOOKED
                        || op.observed() == Operation.Observed.ALREADY_YOURS)
                .toList();
        List<Operation> lost = acknowledged.stream().filter(op -> !op.user().equals(stored.get(op.seat()))).toList();
        for (Operation op : lost) {
            assertThat(op.returned()).as("%s lost, though acknowledged before the standby stopped receiving",
                    op.describe(holdStarted)).isGreaterThan(holdStarted);
            assertThat(op.returned()).as("%s lost, though acknowledged after the old primary was dead",
                    op.describe(holdStarted)).isLessThan(killed);
        }
        Map<SeatId, Set<UserId>> askedBy = history.stream().filter(op -> op.kind() == Operation.Kind.BOOK)
                .collect(Collectors.groupingBy(Operation::seat, Collectors.mapping(Operation::user, Collectors.toSet())));
        stored.forEach((seat, owner) -> assertThat(askedBy.getOrDefault(seat, Set.of()))
                .as("users who asked for %s, stored as %s's", seat, owner).contains(owner));
        long toldTwice = acknowledged.stream().collect(Collectors.groupingBy(Operation::seat,
                        Collectors.mapping(Operation::user, Collectors.toSet())))
                .values().stream().filter(users -> users.size() > 1).count();
        return new FailoverLoss(lost, acknowledged.stream().filter(op -> op.returned() < killed).count(), toldTwice);
    }
}
