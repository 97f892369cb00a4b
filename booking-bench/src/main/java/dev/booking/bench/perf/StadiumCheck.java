package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stadium on-sale's integrity check: what the users were told, against the show as the store holds
 * it once every hold has expired. Seats there change hands (a hold lapses and the seat is sold again),
 * so the race check of {@link Integrity#of} would call a lapsed holder's seat a loser's write; this
 * check knows holds. It finds:
 * <ul>
 *   <li>double bookings: a seat two users were told was theirs for good ({@code tryBook} said
 *       {@code Booked}, or {@code confirm} said {@code Confirmed});</li>
 *   <li>double holds: two holds of one seat certainly alive at once (a hold is in force at least from
 *       the moment its answer arrived until its expiry, or for good once confirmed), or a hold granted
 *       after a confirmed hold of the same seat was confirmed (a hold is granted no earlier than its
 *       expiry minus its length: a store on the client's clock, as the Mongo adapter is, computes the
 *       expiry before its write, so the hold starts later and is shorter, never longer);</li>
 *   <li>sales not stored: a user told "booked" whose seat the store does not hold as booked for that
 *       user under that reference;</li>
 *   <li>unexplained seats: a seat booked for a user who was never told so and whose call did not fail
 *       (a failed call may have won unseen);</li>
 *   <li>seats held forever: a seat still held after every hold's expiry;</li>
 *   <li>missing seats: a seat of the show the store no longer has.</li>
 * </ul>
 *
 * @param seats              seats of the show
 * @param storedBooked       seats the store holds as booked
 * @param storedEmpty        seats the store holds as empty (unsold)
 * @param sales              users told "booked", over all seats
 * @param seatsSold          seats with at least one user told "booked"
 * @param seatsWithOneSale   of those, seats with exactly one
 * @param doubleBookings     users told "booked" beyond the first, summed over seats
 * @param doubleHolds        holds that overlapped another hold of the same seat, or began after it was sold
 * @param unstoredSales      users told "booked" whose seat the store does not hold for them
 * @param unexplainedSeats   seats booked that neither a sale nor a failed call accounts for
 * @param heldForever        seats still held after every hold has expired
 * @param missingSeats       seats of the show the store no longer has
 * @param examples           the first violations, one line each
 */
record StadiumCheck(int seats, int storedBooked, int storedEmpty, long sales, int seatsSold, int seatsWithOneSale,
                    long doubleBookings, long doubleHolds, long unstoredSales, long unexplainedSeats, long heldForever,
                    long missingSeats, List<String> examples) {

    /** Two holds of one seat may seem to overlap by this much: the stores keep expiries to the millisecond. */
    static final Duration CLOCK_SLACK = Duration.ofMillis(2);
    private static final int MAX_EXAMPLES = 10;

    StadiumCheck {
        examples = List.copyOf(examples);
    }

    /**
     * A user told its seat was booked: by {@code tryBook} ({@code Booked}) or by {@code confirm}.
     *
     * @param seat      the seat's index
     * @param user      the user's index
     * @param reference the reference the answer named
     * @param atNanos   when the answer came, by {@link System#nanoTime()}
     */
    record Sale(int seat, int user, BookingReference reference, long atNanos) {
        Sale {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /**
     * A hold a user was granted.
     *
     * @param seat      the seat's index
     * @param user      the user's index
     * @param reference the hold's reference
     * @param expiresAt   its expiry, by the store's clock
     * @param length      how long it was asked for
     * @param answeredAt  when its user had the answer, by this JVM's clock
     * @param confirmedAt when its user was told it is booked; null if never
     */
    record Hold(int seat, int user, BookingReference reference, Instant expiresAt, Duration length,
                Instant answeredAt, Instant confirmedAt) {
        Hold {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(answeredAt, "answeredAt");
        }

        /** The earliest the store can have granted it. */
        Instant startsAt() {
            return expiresAt.minus(length);
        }

        boolean confirmed() {
            return confirmedAt != null;
        }

        /** The end of the time it is certainly in force: its expiry, or never once confirmed. */
        Instant inForceUntil() {
            return confirmed() ? Instant.MAX : expiresAt;
        }
    }

    /**
     * A call that threw: it may have booked or held its seat for its user unseen.
     *
     * @param seat the seat's index
     * @param user the user's index
     */
    record Unknown(int seat, int user) {
    }

    /**
     * Checks a run.
     *
     * @param seats   the show's seats, by index
     * @param users   the users, by index
     * @param sales   every "booked" answer
     * @param holds   every hold granted
     * @param unknown every call that threw
     * @param stored  the show as the store lists it, read after every hold has expired
     */
    static StadiumCheck of(List<SeatId> seats, List<UserId> users, List<Sale> sales, List<Hold> holds,
                           List<Unknown> unknown, List<SeatState> stored) {
        List<String> examples = new ArrayList<>();
        Map<SeatId, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < seats.size(); i++) {
            indexOf.put(seats.get(i), i);
        }
        SeatState[] storedByIndex = new SeatState[seats.size()];
        for (SeatState state : stored) {
            Integer index = indexOf.get(state.seat());
            if (index != null) {
                storedByIndex[index] = state;
            }
        }

        List<List<Sale>> salesBySeat = bySeat(seats.size(), sales, Sale::seat);
        int seatsSold = 0;
        int oneSale = 0;
        long doubleBookings = 0;
        long unstored = 0;
        for (int seat = 0; seat < seats.size(); seat++) {
            List<Sale> sold = salesBySeat.get(seat);
            if (sold.isEmpty()) {
                continue;
            }
            seatsSold++;
            if (sold.size() == 1) {
                oneSale++;
            } else {
                doubleBookings += sold.size() - 1;
                example(examples, seats.get(seat) + " was sold to " + sold.size() + " users: "
                        + sold.stream().map(sale -> users.get(sale.user()).value()).toList());
            }
            for (Sale sale : sold) {
                SeatState state = storedByIndex[seat];
                boolean kept = state != null && state.status() == SeatStatus.BOOKED
                        && users.get(sale.user()).equals(state.owner()) && sale.reference().equals(state.reference());
                if (!kept) {
                    unstored++;
                    example(examples, users.get(sale.user()).value() + " was told " + seats.get(seat)
                            + " is booked for it (" + sale.reference().value() + ") but the store holds "
                            + describe(state));
                }
            }
        }

        long doubleHolds = 0;
        List<List<Hold>> holdsBySeat = bySeat(seats.size(), holds, Hold::seat);
        for (int seat = 0; seat < seats.size(); seat++) {
            List<Hold> granted = new ArrayList<>(holdsBySeat.get(seat));
            granted.sort(Comparator.comparing(Hold::startsAt));
            for (int j = 1; j < granted.size(); j++) {
                Hold hold = granted.get(j);
                for (int i = 0; i < j; i++) {
                    Hold earlier = granted.get(i);
                    Instant bothFrom = later(hold.answeredAt(), earlier.answeredAt()).plus(CLOCK_SLACK);
                    boolean overlaps = bothFrom.isBefore(earlier.inForceUntil()) && bothFrom.isBefore(hold.inForceUntil());
                    boolean afterSale = earlier.confirmed() && hold.startsAt().isAfter(earlier.confirmedAt().plus(CLOCK_SLACK));
                    if (overlaps || afterSale) {
                        doubleHolds++;
                        example(examples, seats.get(seat) + " was held by " + users.get(hold.user()).value()
                                + " (granted from " + hold.startsAt() + ", answered " + hold.answeredAt() + ", until "
                                + hold.expiresAt() + ")" + (afterSale ? " after " : " while ")
                                + users.get(earlier.user()).value() + (afterSale
                                ? " had confirmed its hold at " + earlier.confirmedAt()
                                : " held it (answered " + earlier.answeredAt() + ", until " + earlier.inForceUntil() + ")"));
                        break;
                    }
                }
            }
        }

        Set<List<Object>> mayHaveWon = new HashSet<>();
        sales.forEach(sale -> mayHaveWon.add(List.of(sale.seat(), sale.user(), sale.reference())));
        Set<List<Integer>> failed = new HashSet<>();
        unknown.forEach(call -> failed.add(List.of(call.seat(), call.user())));
        Map<UserId, Integer> userIndex = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            userIndex.put(users.get(i), i);
        }
        int booked = 0;
        int empty = 0;
        long unexplained = 0;
        long heldForever = 0;
        long missing = 0;
        for (int seat = 0; seat < seats.size(); seat++) {
            SeatState state = storedByIndex[seat];
            if (state == null) {
                missing++;
                example(examples, seats.get(seat) + " is missing from the store");
                continue;
            }
            switch (state.status()) {
                case EMPTY -> empty++;
                case HELD -> {
                    heldForever++;
                    example(examples, seats.get(seat) + " is still held by " + state.owner().value() + " until "
                            + state.holdExpiresAt() + ", after every hold granted has expired");
                }
                case BOOKED -> {
                    booked++;
                    Integer owner = userIndex.get(state.owner());
                    boolean told = owner != null && mayHaveWon.contains(List.of(seat, owner, state.reference()));
                    boolean mayBeFailedCall = owner != null && failed.contains(List.of(seat, owner));
                    if (!told && !mayBeFailedCall) {
                        unexplained++;
                        example(examples, seats.get(seat) + " is booked for " + state.owner().value()
                                + ", which was never told so");
                    }
                }
                default -> throw new IllegalStateException("unknown status " + state.status());
            }
        }
        return new StadiumCheck(seats.size(), booked, empty, sales.size(), seatsSold, oneSale, doubleBookings,
                doubleHolds, unstored, unexplained, heldForever, missing, examples);
    }

    /** Whether the store holds every seat as booked. */
    boolean soldOut() {
        return storedBooked == seats;
    }

    /** What no correct store may do, one phrase each; empty when the on-sale was clean. */
    List<String> problems() {
        return Stream.of(
                        doubleBookings > 0 ? doubleBookings + " double bookings" : null,
                        doubleHolds > 0 ? doubleHolds + " holds granted on a seat held or sold already" : null,
                        unstoredSales > 0 ? unstoredSales + " bookings told but not stored" : null,
                        unexplainedSeats > 0 ? unexplainedSeats + " seats booked for users never told so" : null,
                        heldForever > 0 ? heldForever + " seats held after every hold expired" : null,
                        missingSeats > 0 ? missingSeats + " seats missing from the store" : null)
                .filter(Objects::nonNull).toList();
    }

    /**
     * The check in the terms every benchmark run reports: seats are the seats sold, winners the users
     * told "booked"; double holds count as double bookings and seats held forever or missing as
     * unexplained, so that {@link Integrity#problems()} names every violation.
     *
     * @param callers       calls made (attempts, sweeps and confirmations)
     * @param answered      calls that returned an answer
     * @param otherAnswers  answers no on-sale expects, such as "no such seat"
     */
    Integrity integrity(long callers, long answered, long otherAnswers) {
        return new Integrity(seatsSold, callers, answered, 0, sales, seatsWithOneSale, doubleBookings + doubleHolds,
                unstoredSales, unexplainedSeats + heldForever + missingSeats, otherAnswers, seats - storedEmpty,
                examples);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static <T> List<List<T>> bySeat(int seats, List<T> items, java.util.function.ToIntFunction<T> seatOf) {
        List<List<T>> bySeat = new ArrayList<>(seats);
        for (int i = 0; i < seats; i++) {
            bySeat.add(new ArrayList<>(1));
        }
        items.forEach(item -> bySeat.get(seatOf.applyAsInt(item)).add(item));
        return bySeat;
    }

    private static String describe(SeatState state) {
        if (state == null) {
            return "no such seat";
        }
        return switch (state.status()) {
            case EMPTY -> "it empty";
            case HELD -> "it held by " + state.owner().value();
            case BOOKED -> "it booked for " + state.owner().value() + " (" + state.reference().value() + ")";
        };
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(line);
        }
    }
}
