package dev.booking.tck.history;

import dev.booking.core.UserId;

/**
 * The sequential specification of one seat: a compare-and-set register that is absent, empty, or
 * owned by one user. Booking moves empty to owned; releasing moves owned to empty; everything else
 * only observes. An operation with an unknown outcome is allowed whatever it would have observed.
 *
 * <p>States are immutable values; {@link #ABSENT} and {@link #EMPTY} are the two ownerless ones.
 *
 * @param exists whether the seat exists
 * @param owner  its owner, {@code null} when empty or absent
 */
public record SeatModel(boolean exists, UserId owner) {

    /** A seat that was never added. */
    public static final SeatModel ABSENT = new SeatModel(false, null);
    /** An empty seat. */
    public static final SeatModel EMPTY = new SeatModel(true, null);

    /** A seat owned by {@code owner}. */
    public static SeatModel ownedBy(UserId owner) {
        return new SeatModel(true, owner);
    }

    /**
     * Applies {@code op} to this state.
     *
     * @return the next state, or {@code null} if {@code op}'s observed outcome is impossible here
     */
    public SeatModel apply(Operation op) {
        return switch (op.kind()) {
            case BOOK -> book(op);
            case RELEASE -> release(op);
            case READ -> read(op);
        };
    }

    /** Whether {@code op} leaves every state it is legal in unchanged (it only observes). */
    public static boolean observesOnly(Operation op) {
        return switch (op.observed()) {
            case BOOKED, RELEASED, UNKNOWN -> false;
            default -> true;
        };
    }

    private SeatModel book(Operation op) {
        boolean mine = op.user().equals(owner);
        return switch (op.observed()) {
            case BOOKED -> exists && owner == null ? ownedBy(op.user()) : null;
            case ALREADY_YOURS -> mine ? this : null;
            case TAKEN -> owner != null && !mine ? this : null;
            case NO_SUCH_SEAT -> exists ? null : this;
            case UNKNOWN -> exists && owner == null ? ownedBy(op.user()) : this;
            default -> null;
        };
    }

    private SeatModel release(Operation op) {
        boolean mine = op.user().equals(owner);
        return switch (op.observed()) {
            case RELEASED -> mine ? EMPTY : null;
            case NOT_YOURS -> owner != null && !mine ? this : null;
            case NOTHING_TO_RELEASE -> owner == null ? this : null;
            case NO_SUCH_SEAT -> exists ? null : this;
            case UNKNOWN -> mine ? EMPTY : this;
            default -> null;
        };
    }

    private SeatModel read(Operation op) {
        return switch (op.observed()) {
            case READ_EMPTY -> exists && owner == null ? this : null;
            case READ_OWNED -> op.owner().equals(owner) ? this : null;
            case READ_ABSENT -> exists ? null : this;
            case UNKNOWN -> this;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return !exists ? "absent" : owner == null ? "empty" : "owned by " + owner;
    }
}
