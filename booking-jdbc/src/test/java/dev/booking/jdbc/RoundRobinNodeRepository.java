package dev.booking.jdbc;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.BookingResult;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A repository per database node behind one {@link SeatRepository}: each calling thread is given
 * the next node round-robin on its first call and keeps it, as a load balancer that pins a client
 * to a server would. A race's callers thus spread evenly over the nodes, while each caller's own
 * calls stay on one node (the kit checks that a caller sees its own writes; whether a caller sees
 * the others' writes across nodes is what the cluster's settings decide).
 *
 * <p>Test code: it answers exactly what the node's repository answers, adding nothing.
 */
final class RoundRobinNodeRepository implements SeatRepository, OrderedClaims {

    private final List<JdbcSeatRepository> nodes;
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadLocal<JdbcSeatRepository> assigned;

    /** @param nodes one repository per node, all on the same table */
    RoundRobinNodeRepository(List<JdbcSeatRepository> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must name at least one repository");
        }
        this.nodes = List.copyOf(nodes);
        this.assigned = ThreadLocal.withInitial(
                () -> this.nodes.get(Math.floorMod(next.getAndIncrement(), this.nodes.size())));
    }

    /** The node index (0-based) the calling thread is pinned to, assigning one if it has none yet. */
    int nodeOfCallingThread() {
        return nodes.indexOf(assigned.get());
    }

    /**
     * Pins the calling thread to node {@code index} (0-based) instead of the next one, e.g. a test's
     * own thread to a node that stays up while another is killed.
     */
    void pinCallingThread(int index) {
        if (index < 0 || index >= nodes.size()) {
            throw new IllegalArgumentException("index must be 0 to " + (nodes.size() - 1) + ", was " + index);
        }
        assigned.set(nodes.get(index));
    }

    private JdbcSeatRepository node() {
        return assigned.get();
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return node().tryBook(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        node().addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return node().findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return node().listSeats(show);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return node().claim(request);
    }

    @Override
    public List<ClaimResult> claimInOrder(List<ClaimRequest> requests) {
        return node().claimInOrder(requests);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return node().confirm(reference, user);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return node().release(reference, user);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return node().release(seat, user);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return node().sweepExpiredHolds(limit);
    }
}
