package dev.booking.demo;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.TicketStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Books for one visitor: through the starter's {@link SharedLine} when one is configured (the
 * answer is a ticket to poll), else straight through the {@link SeatRepository} (the answer is
 * final at once).
 *
 * <p>Thread-safe: stateless apart from the beans it was given.
 */
@Service
public class BookingDesk {

    private final SeatRepository seats;
    private final SharedLine line;
    private final DemoShow show;

    /**
     * Uses the line if the starter made one.
     *
     * @param seats the repository
     * @param line  the shared line, absent when {@code booking.line.transport=none}
     * @param show  the current show
     */
    public BookingDesk(SeatRepository seats, ObjectProvider<SharedLine> line, DemoShow show) {
        this.seats = seats;
        this.line = line.getIfAvailable();
        this.show = show;
    }

    /** Whether bookings go through the shared line. */
    public boolean usesLine() {
        return line != null;
    }

    /**
     * Asks for {@code seat} of the current show for {@code name}.
     *
     * @param name the visitor
     * @param seat the seat number, which must be on the map
     * @return processing with a ticket, busy, or (without a line) booked or taken
     * @throws IllegalArgumentException naming {@code seat} if it is not on the map
     */
    public DeskAnswer book(VisitorName name, String seat) {
        show.requireSeat(seat);
        ShowId current = show.current();
        if (line == null) {
            BookingResult result = seats.tryBook(current.seat(seat), name.asUser());
            return DeskAnswer.of(result instanceof BookingResult.Booked || result instanceof BookingResult.AlreadyYours
                    ? DeskAnswer.State.BOOKED : DeskAnswer.State.TAKEN, seat);
        }
        SubmitResult submitted = line.submit(ClaimRequest.book(current, name.asUser(), seat));
        if (submitted instanceof SubmitResult.Accepted accepted) {
            return new DeskAnswer(DeskAnswer.State.PROCESSING, seat, accepted.ticket().id(), 0, null);
        }
        SubmitResult.Busy busy = (SubmitResult.Busy) submitted;
        return new DeskAnswer(DeskAnswer.State.BUSY, seat, null, busy.retryAfter().toMillis(), null);
    }

    /**
     * Where the ticket named {@code ticketId} stands; any malformed or foreign id is
     * {@link DeskAnswer.State#UNKNOWN}.
     *
     * @param ticketId the id from the page
     * @return the answer to show
     */
    public DeskAnswer status(String ticketId) {
        if (line == null) {
            return DeskAnswer.of(DeskAnswer.State.UNKNOWN, null);
        }
        return answerFor(line.status(ticketId), ticketId);
    }

    /** The page's view of a ticket's status; the ticket is repeated while it is still undecided. */
    static DeskAnswer answerFor(TicketStatus status, String ticketId) {
        if (status instanceof TicketStatus.Queued || status instanceof TicketStatus.Processing) {
            return new DeskAnswer(DeskAnswer.State.PROCESSING, null, ticketId, 0, null);
        } else if (status instanceof TicketStatus.Booked) {
            return DeskAnswer.of(DeskAnswer.State.BOOKED, null);
        } else if (status instanceof TicketStatus.Refused) {
            return DeskAnswer.of(DeskAnswer.State.TAKEN, null);
        } else if (status instanceof TicketStatus.Failed failed) {
            return new DeskAnswer(DeskAnswer.State.FAILED, null, null, 0, failed.why());
        }
        return DeskAnswer.of(DeskAnswer.State.UNKNOWN, null);
    }
}
