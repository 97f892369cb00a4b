package dev.booking.queue.rabbitmq;

import dev.booking.core.BookingReference;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of a line that went through a fault: what the submitters were told (the confirmed
 * tickets and the seat each asked for), what the ledger says of them (read by the instance that
 * lived through the fault and by one built afterwards), and which reference holds each seat in the
 * store. A pure function of those, so that it can be fed broken histories as well as real runs.
 */
final class LineAudit {

    private static final int EXAMPLES = 5;

    private LineAudit() {
    }

    /**
     * What a run left behind.
     *
     * @param confirmed every ticket a submit was told accepted (after the repeats of submits that had
     *                  failed), with the seat number it asked for
     * @param survivor  the statuses as the instance that lived through the fault reads them
     * @param fresh     the statuses as an instance built after the fault reads them
     * @param holders   the reference holding each seat of the show, for the seats that are taken
     */
    record History(Map<Ticket, String> confirmed, Map<Ticket, TicketStatus> survivor, Map<Ticket, TicketStatus> fresh,
                   Map<String, BookingReference> holders) {
        /** Copies the maps; rejects missing ones. */
        History {
            confirmed = Map.copyOf(Arguments.requirePresent("confirmed", confirmed));
            survivor = Map.copyOf(Arguments.requirePresent("survivor", survivor));
            fresh = Map.copyOf(Arguments.requirePresent("fresh", fresh));
            holders = Map.copyOf(Arguments.requirePresent("holders", holders));
        }
    }

    /**
     * The findings; {@link #clean()} when every confirmed ticket was decided exactly once and the
     * store agrees with the ledger.
     *
     * @param confirmed      tickets confirmed to a submitter
     * @param lost           confirmed tickets the ledger does not know (Unknown): the request is gone
     * @param undecided      confirmed tickets still Queued or Processing at the end
     * @param disagreements  tickets the two instances read differently
     * @param booked         Booked tickets
     * @param seatsTaken     seats the store holds
     * @param twoWinners     seats more than one ticket is Booked for
     * @param strayHolders   seats held under a reference of no Booked ticket
     * @param bookedNotHeld  Booked tickets whose seat the store does not hold under their reference
     * @param refusedButFree tickets Refused as taken whose seat nobody holds
     * @param examples       a few of the findings, for the failure message
     */
    record Report(int confirmed, int lost, int undecided, int disagreements, int booked, int seatsTaken, int twoWinners,
                  int strayHolders, int bookedNotHeld, int refusedButFree, List<String> examples) {
        /** Copies the examples. */
        Report {
            examples = List.copyOf(Arguments.requirePresent("examples", examples));
        }

        /** Whether nothing confirmed was lost, undecided, read two ways or out of step with the store. */
        boolean clean() {
            return lost == 0 && undecided == 0 && disagreements == 0 && twoWinners == 0 && strayHolders == 0
                    && bookedNotHeld == 0 && refusedButFree == 0;
        }
    }

    static Report audit(History history) {
        List<String> examples = new ArrayList<>();
        int lost = 0;
        int undecided = 0;
        int disagreements = 0;
        int refusedButFree = 0;
        int bookedNotHeld = 0;
        Map<String, List<Ticket>> winners = new HashMap<>();
        Map<BookingReference, Ticket> bookedReferences = new HashMap<>();
        for (Map.Entry<Ticket, String> entry : history.confirmed().entrySet()) {
            Ticket ticket = entry.getKey();
            String seat = entry.getValue();
            TicketStatus fresh = history.fresh().getOrDefault(ticket, new TicketStatus.Unknown());
            TicketStatus survivor = history.survivor().getOrDefault(ticket, new TicketStatus.Unknown());
            if (fresh instanceof TicketStatus.Unknown) {
                lost++;
                note(examples, "lost: " + ticket + " (seat " + seat + ") was confirmed and the ledger does not know it");
                continue;
            }
            if (!fresh.isFinal()) {
                undecided++;
                note(examples, "undecided: " + ticket + " is still " + fresh);
            }
            if (!fresh.equals(survivor)) {
                disagreements++;
                note(examples, "read two ways: " + ticket + " is " + survivor + " on the surviving instance, " + fresh + " on a new one");
            }
            BookingReference holder = history.holders().get(seat);
            if (fresh instanceof TicketStatus.Booked) {
                winners.computeIfAbsent(seat, s -> new ArrayList<>()).add(ticket);
                bookedReferences.put(SharedLine.referenceFor(ticket), ticket);
                if (!SharedLine.referenceFor(ticket).equals(holder)) {
                    bookedNotHeld++;
                    note(examples, "booked, not held: " + ticket + " is Booked for " + seat + ", which the store gives to " + holder);
                }
            } else if (fresh instanceof TicketStatus.Refused refused && refused.reason() == TicketStatus.Reason.TAKEN && holder == null) {
                refusedButFree++;
                note(examples, "refused, seat free: " + ticket + " was refused " + seat + ", which nobody holds");
            }
        }
        int twoWinners = 0;
        for (Map.Entry<String, List<Ticket>> seat : winners.entrySet()) {
            if (seat.getValue().size() > 1) {
                twoWinners++;
                note(examples, "two winners: " + seat.getKey() + " is Booked for " + seat.getValue());
            }
        }
        int strayHolders = 0;
        for (Map.Entry<String, BookingReference> held : history.holders().entrySet()) {
            if (!bookedReferences.containsKey(held.getValue())) {
                strayHolders++;
                note(examples, "stray: " + held.getKey() + " is held under " + held.getValue() + ", the reference of no Booked ticket");
            }
        }
        int booked = bookedReferences.size();
        return new Report(history.confirmed().size(), lost, undecided, disagreements, booked, history.holders().size(),
                twoWinners, strayHolders, bookedNotHeld, refusedButFree, examples);
    }

    private static void note(List<String> examples, String finding) {
        if (examples.size() < EXAMPLES) {
            examples.add(finding);
        }
    }
}
