package dev.booking.demo;

/**
 * Where a crowd run stands, as the page shows it live. Once {@code done}, {@code winners + refused
 * + failed + busy == users} and {@code pending == 0}.
 *
 * @param run        the run's number, 0 before the first run
 * @param show       the show it booked in
 * @param users      how many simulated users the run sends
 * @param submitted  how many have had their answer from the line (a ticket or busy)
 * @param winners    tickets that ended booked
 * @param refused    tickets that ended refused: the seat was someone else's
 * @param failed     tickets that ended failed (expected 0)
 * @param busy       users the line answered busy; nothing was queued for them
 * @param pending    tickets accepted but not final yet
 * @param elapsedMillis time from the gate opening until now, or until the last answer once done
 * @param done       whether every user has a final answer
 */
public record CrowdCounts(int run, String show, int users, int submitted, int winners, int refused, int failed,
                          int busy, int pending, long elapsedMillis, boolean done) {

    /** Before any run. */
    static CrowdCounts none(String show) {
        return new CrowdCounts(0, show, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }
}
