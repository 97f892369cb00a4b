package dev.booking.tck;

import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Deliberately wrong: stores users verbatim but compares the owner loosely, after a folding
 * function, as an owner column under a case-insensitive or PAD SPACE collation, or a store that
 * normalises Unicode before comparing, would. Wherever the reference implementation refuses a user
 * who is not the owner ({@code Taken}, {@code NotYours}, {@code ReferenceInUse}), this store asks
 * again as the owner if the two fold alike: {@code Ann} is told "already yours" for the seat
 * {@code ann} owns, and may confirm, release and re-claim it. Users that fold to themselves (the
 * plain lower-case names of the kit's races) see a correct store. Used only to show that rules 7
 * and 17 catch it.
 */
final class LooseOwnerRepository extends ForwardingSeatRepository {

    /** Case-insensitive, as {@code utf8mb4_general_ci} or a {@code citext} column. */
    static final UnaryOperator<String> IGNORE_CASE = value -> value.toLowerCase(Locale.ROOT);

    /** Trailing spaces ignored, as a {@code CHAR} column or a PAD SPACE collation. */
    static final UnaryOperator<String> IGNORE_TRAILING_SPACES = value -> value.replaceAll(" +$", "");

    /** Canonically equivalent spellings merged, as a store that normalises to NFC before comparing. */
    static final UnaryOperator<String> NORMALISE_UNICODE = value -> Normalizer.normalize(value, Normalizer.Form.NFC);

    private final UnaryOperator<String> fold;
    /** The owner of every reference this store handed out: what a loose {@code WHERE owner = ?} would match. */
    private final Map<BookingReference, UserId> owners = new ConcurrentHashMap<>();

    LooseOwnerRepository(UnaryOperator<String> fold, BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(listener).build());
        this.fold = fold;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        BookingResult result = delegate.tryBook(seat, user);
        if (result instanceof BookingResult.Booked booked) {
            owners.put(booked.reference(), user);
        }
        if (result instanceof BookingResult.Taken) {
            Optional<SeatState> state = delegate.findSeat(seat);
            if (state.isPresent() && alike(state.get().owner(), user)) {
                return new BookingResult.AlreadyYours(seat, user, state.get().reference());
            }
        }
        return result;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        ClaimResult result = delegate.claim(request);
        if (result instanceof ClaimResult.Claimed claimed) {
            owners.put(claimed.reference(), claimed.owner());
        }
        UserId owner = owners.get(request.reference());
        if (result instanceof ClaimResult.ReferenceInUse && alike(owner, request.user())) {
            return delegate.claim(new ClaimRequest(request.show(), request.seatNumbers(), owner, request.reference(),
                    request.holdFor()));
        }
        return result;
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        ConfirmResult result = delegate.confirm(reference, user);
        UserId owner = owners.get(reference);
        return result instanceof ConfirmResult.NotYours && alike(owner, user) ? delegate.confirm(reference, owner) : result;
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        ReleaseResult result = delegate.release(reference, user);
        UserId owner = owners.get(reference);
        return result instanceof ReleaseResult.NotYours && alike(owner, user) ? delegate.release(reference, owner) : result;
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        ReleaseResult result = delegate.release(seat, user);
        if (result instanceof ReleaseResult.NotYours) {
            UserId owner = delegate.findSeat(seat).map(SeatState::owner).orElse(null);
            if (alike(owner, user)) {
                return delegate.release(seat, owner);
            }
        }
        return result;
    }

    /** Two different users that this store takes for one. */
    private boolean alike(UserId owner, UserId user) {
        return owner != null && !owner.equals(user) && fold.apply(owner.value()).equals(fold.apply(user.value()));
    }
}
