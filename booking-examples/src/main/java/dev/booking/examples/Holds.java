package dev.booking.examples;

import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The README's holds, confirmation, release and groups, on any {@link SeatRepository}. */
public final class Holds {

    private Holds() {
    }

    /**
     * Holds, confirms, releases and books the README's seats of show {@code hamlet-2026-12-01}
     * (A1 to A4, B1 to B4, C1, which must exist), and says how the confirmation went.
     */
    public static String holdPayConfirm(SeatRepository seats) {
        // sample:holds
        ShowId show = ShowId.of("hamlet-2026-12-01");
        UserId ann = UserId.of("ann");

        // Hold four seats for 25 minutes, all or none, while Ann pays
        ClaimRequest request = ClaimRequest.hold(show, ann, Duration.ofMinutes(25), "A1", "A2", "A3", "A4");
        ClaimResult result = seats.claim(request);
        if (result instanceof ClaimResult.Unavailable unavailable) {
            return offerOtherSeats(unavailable.seats());   // exactly the seats someone else has; nothing was held
        }                                                  // (the other answers: NoSuchSeats, ReferenceInUse)
        ClaimResult.Claimed held = (ClaimResult.Claimed) result;
        askForPayment(held.reference(), held.holdExpiresAt());   // the expiry by the store's clock

        // Paid: the hold becomes a booking, all seats or none, only if it is Ann's and has not expired
        ConfirmResult confirmed = seats.confirm(held.reference(), ann);   // Confirmed, Lapsed or NotYours

        // Cancel: the whole group, or one seat of it; the seats are free at once
        seats.release(held.reference(), ann);                 // Released, NotYours or NothingToRelease
        seats.release(show.seat("A4"), ann);

        // Book outright, all or none (a family of four wants four seats or none)
        seats.claim(ClaimRequest.book(show, ann, List.of("B1", "B2", "B3", "B4")));

        // One seat, held: shorthand for a one-seat ClaimRequest
        seats.hold(show.seat("C1"), ann, Duration.ofMinutes(10));
        // end-sample:holds
        return confirmed.getClass().getSimpleName();
    }

    private static String offerOtherSeats(List<SeatId> taken) {
        return "taken: " + taken;
    }

    private static void askForPayment(BookingReference reference, Instant holdExpiresAt) {
        System.out.println("pay for " + reference + " before " + holdExpiresAt);
    }
}
