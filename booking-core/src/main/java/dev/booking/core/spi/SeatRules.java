package dev.booking.core.spi;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The booking rules of {@link SeatRepository}, written once: every answer that follows from what a
 * store has stored, as pure functions over {@link StoredSeat}s. An adapter reads the seats (under
 * locks, or before a conditional write that checks again), asks these rules for the answer, and
 * makes only the change they leave to it. What the rules cannot do is the adapter's part: make its
 * writes atomic, and decide by its own clock which holds have lapsed.
 *
 * <p>Users, seats and references are compared exactly ({@link Object#equals}): {@code ann} and
 * {@code Ann} are two users on every store. Lists of seats are returned in seat order
 * ({@link SeatId#compareTo}).
 *
 * <p>Thread-safety: stateless.
 */
public final class SeatRules {

    /**
     * How often a single-seat write is tried before the answer settles for contention. A conditional
     * write that matched nothing is explained by a read; only if that read finds the seat free again
     * (released or lapsed in between) is the write worth trying again.
     */
    public static final int MAX_WRITE_ATTEMPTS = 3;

    private SeatRules() {
    }

    /**
     * Explains a conditional booking of {@code seat} for {@code user} that changed nothing, from
     * the seat as read right after it.
     *
     * @param seat    the seat
     * @param user    who tried to book it
     * @param current the seat as stored now, empty if it does not exist
     * @return {@code NoSuchSeat}, {@code AlreadyYours} or {@code Taken}; empty if the seat is free
     *         again, and the booking may be tried again ({@link #MAX_WRITE_ATTEMPTS})
     */
    public static Optional<BookingResult> lostBooking(SeatId seat, UserId user, Optional<StoredSeat> current) {
        if (current.isEmpty()) {
            return Optional.of(new BookingResult.NoSuchSeat(seat));
        }
        StoredSeat stored = current.get();
        if (!stored.isLive()) {
            return Optional.empty();
        }
        return Optional.of(user.equals(stored.owner())
                ? new BookingResult.AlreadyYours(seat, user, stored.reference())
                : new BookingResult.Taken(seat));
    }

    /**
     * The answer to a claim whose reference is live already: the request repeated (same user,
     * exactly the same seats) gets the group as it stands, anything else {@code ReferenceInUse}.
     *
     * @param request the claim
     * @param members every seat stored under the request's reference, lapsed holds included
     * @return the answer; empty if no seat is live under the reference, so the claim may go ahead
     */
    public static Optional<ClaimResult> replay(ClaimRequest request, Collection<StoredSeat> members) {
        List<StoredSeat> group = live(members);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(isSameClaim(request, group)
                ? claimedAsItStands(group) : new ClaimResult.ReferenceInUse(request.reference()));
    }

    /**
     * The answer to a claim whose reference is bound already. A reference is bound for good by the
     * first claim that succeeds under it, to that claim's {@link ClaimIdentity} (show, user, seats),
     * even after its seats were released or lapsed: a reference names one claim, so that whatever is
     * keyed by it (a notification, a ticket) never mixes two. The same request again may claim
     * afresh; any other claim is {@code ReferenceInUse}. A refused claim binds nothing, and only
     * claims bind references.
     *
     * @param request the claim
     * @param bound   the identity the reference is bound to; empty if it is bound to none
     * @return {@code ReferenceInUse}; empty if the claim may go ahead (and, if it succeeds, binds
     *         the reference to its identity, unless bound to it already)
     */
    public static Optional<ClaimResult> boundToAnotherClaim(ClaimRequest request, Optional<ClaimIdentity> bound) {
        if (bound.isEmpty() || bound.get().equals(ClaimIdentity.of(request))) {
            return Optional.empty();
        }
        return Optional.of(new ClaimResult.ReferenceInUse(request.reference()));
    }

    /**
     * Whether {@code group} is what {@code request} claims: every seat the user's, and exactly the
     * request's seats.
     *
     * @param request the claim
     * @param group   the live seats under its reference
     * @return whether the request repeats the claim that made the group
     */
    public static boolean isSameClaim(ClaimRequest request, Collection<StoredSeat> group) {
        return group.stream().allMatch(stored -> stored.isLiveFor(request.user()))
                && seatsOf(group).equals(request.seats());
    }

    /**
     * A live group described as a claim's success: held while any seat is held (until the earliest
     * expiry), else booked.
     *
     * @param group the live seats of one reference and owner; not empty
     * @return the answer a repeated request gets
     */
    public static ClaimResult.Claimed claimedAsItStands(Collection<StoredSeat> group) {
        List<StoredSeat> sorted = sortedBySeat(group);
        if (sorted.isEmpty() || !sorted.stream().allMatch(StoredSeat::isLive)) {
            throw new IllegalArgumentException("group must be live seats, at least one");
        }
        StoredSeat first = sorted.get(0);
        Optional<Instant> expiresAt = sorted.stream()
                .filter(StoredSeat::isLiveHold)
                .map(stored -> stored.state().holdExpiresAt())
                .min(Comparator.naturalOrder());
        return new ClaimResult.Claimed(first.reference(), first.owner(), seatsOf(sorted),
                expiresAt.isPresent() ? SeatStatus.HELD : SeatStatus.BOOKED, expiresAt.orElse(null));
    }

    /**
     * Why a claim cannot be made, from the request's seats as stored: missing seats first, then
     * live ones (whoever owns them).
     *
     * @param request the claim
     * @param stored  the request's seats that exist, by seat
     * @return {@code NoSuchSeats} or {@code Unavailable}; empty if every seat is free
     */
    public static Optional<ClaimResult> refusal(ClaimRequest request, Map<SeatId, StoredSeat> stored) {
        List<SeatId> missing = request.seats().stream().filter(seat -> !stored.containsKey(seat)).toList();
        if (!missing.isEmpty()) {
            return Optional.of(new ClaimResult.NoSuchSeats(missing));
        }
        List<SeatId> unavailable = request.seats().stream().filter(seat -> stored.get(seat).isLive()).toList();
        if (!unavailable.isEmpty()) {
            return Optional.of(new ClaimResult.Unavailable(unavailable));
        }
        return Optional.empty();
    }

    /**
     * The answer to a confirmation that changes nothing: {@code Lapsed} if no seat is live under
     * the reference or any of its holds has lapsed, {@code NotYours} if a live seat is another
     * user's, {@code Confirmed} if every seat is booked already.
     *
     * @param reference the group's reference
     * @param user      who confirms
     * @param members   every seat stored under the reference, lapsed holds included
     * @return the answer; empty if {@link #holdsToConfirm} are to be booked
     */
    public static Optional<ConfirmResult> confirmWithoutChange(BookingReference reference, UserId user,
                                                               Collection<StoredSeat> members) {
        List<StoredSeat> group = live(members);
        if (group.isEmpty() || members.stream().anyMatch(StoredSeat::lapsed)) {
            return Optional.of(new ConfirmResult.Lapsed(reference));
        }
        if (!group.stream().allMatch(stored -> stored.isLiveFor(user))) {
            return Optional.of(new ConfirmResult.NotYours(reference));
        }
        if (group.stream().noneMatch(StoredSeat::isLiveHold)) {
            return Optional.of(confirmed(reference, user, group));
        }
        return Optional.empty();
    }

    /**
     * The holds a confirmation books, once {@link #confirmWithoutChange} left it to the adapter.
     *
     * @param members every seat stored under the reference
     * @return the live holds, in seat order
     */
    public static List<StoredSeat> holdsToConfirm(Collection<StoredSeat> members) {
        return sortedBySeat(members.stream().filter(StoredSeat::isLiveHold).toList());
    }

    /**
     * A confirmation's success: every live seat of the group, now booked.
     *
     * @param reference the group's reference
     * @param user      its owner
     * @param members   the seats stored under the reference
     * @return the answer
     */
    public static ConfirmResult.Confirmed confirmed(BookingReference reference, UserId user,
                                                    Collection<StoredSeat> members) {
        return new ConfirmResult.Confirmed(reference, user, seatsOf(live(members)));
    }

    /**
     * The answer to a release of a group that changes nothing: {@code NothingToRelease} if no seat
     * is live under the reference, {@code NotYours} if a live seat is another user's.
     *
     * @param user    who releases
     * @param members every seat stored under the reference
     * @return the answer; empty if the live seats ({@link #live}) are to be freed
     */
    public static Optional<ReleaseResult> releaseWithoutChange(UserId user, Collection<StoredSeat> members) {
        List<StoredSeat> group = live(members);
        if (group.isEmpty()) {
            return Optional.of(new ReleaseResult.NothingToRelease());
        }
        if (!group.stream().allMatch(stored -> stored.isLiveFor(user))) {
            return Optional.of(new ReleaseResult.NotYours());
        }
        return Optional.empty();
    }

    /**
     * The answer to a release of one seat that changes nothing: {@code NothingToRelease} if it
     * does not exist or is free, {@code NotYours} if it is another user's.
     *
     * @param user    who releases
     * @param current the seat as stored, empty if it does not exist
     * @return the answer; empty if the seat is to be freed
     */
    public static Optional<ReleaseResult> releaseSeatWithoutChange(UserId user, Optional<StoredSeat> current) {
        if (current.isEmpty() || !current.get().isLive()) {
            return Optional.of(new ReleaseResult.NothingToRelease());
        }
        if (!user.equals(current.get().owner())) {
            return Optional.of(new ReleaseResult.NotYours());
        }
        return Optional.empty();
    }

    /**
     * The live seats (held and not lapsed, or booked) among {@code seats}.
     *
     * @param seats stored seats
     * @return the live ones, in seat order
     */
    public static List<StoredSeat> live(Collection<StoredSeat> seats) {
        return sortedBySeat(seats.stream().filter(StoredSeat::isLive).toList());
    }

    /**
     * The seats of {@code stored}, in seat order.
     *
     * @param stored stored seats
     * @return their ids
     */
    public static List<SeatId> seatsOf(Collection<StoredSeat> stored) {
        return stored.stream().map(StoredSeat::seat).sorted().toList();
    }

    /**
     * {@code stored} in seat order, the order in which a group's seats are locked and listed.
     *
     * @param stored stored seats
     * @return a sorted copy
     */
    public static List<StoredSeat> sortedBySeat(Collection<StoredSeat> stored) {
        return stored.stream().filter(Objects::nonNull).sorted(Comparator.comparing(StoredSeat::seat)).toList();
    }
}
