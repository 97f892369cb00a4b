package dev.booking.bench;

import dev.booking.queue.line.TicketStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the tickets of a queued race said, checked beside the seats' {@link Integrity}: every Booked
 * ticket names its own user, its own seats and its ticket's reference; every final status read again
 * from every instance is the one the user saw.
 *
 * @param tickets      users in the race
 * @param finals       tickets seen final
 * @param booked       tickets seen Booked
 * @param refusedTaken tickets seen Refused because the seats were taken
 * @param refusedOther tickets seen Refused for another reason (no such seat)
 * @param failed       tickets seen Failed
 * @param failures     why tickets failed, with counts
 * @param mismatched   Booked tickets naming another user, other seats or another reference
 * @param changed      final statuses that read differently afterwards
 * @param unreadable   final statuses that could not be read again
 * @param examples     the first violations, one line each
 */
record TicketCheck(int tickets, long finals, long booked, long refusedTaken, long refusedOther, long failed,
                   Map<String, Long> failures, long mismatched, long changed, long unreadable, List<String> examples) {

    private static final int MAX_EXAMPLES = 10;

    /** Copies the collections. */
    TicketCheck {
        failures = Map.copyOf(failures);
        examples = List.copyOf(examples);
    }

    /** Tickets seen Refused, for any reason. */
    long refused() {
        return refusedTaken + refusedOther;
    }

    /** What no correct line may do, one phrase each; empty when the tickets are clean. */
    List<String> brokenPromises() {
        return Stream.of(
                        mismatched > 0 ? mismatched + " Booked tickets name another user, seat or reference" : null,
                        changed > 0 ? changed + " final statuses changed after they were seen" : null,
                        unreadable > 0 ? unreadable + " final statuses could not be read again" : null)
                .filter(Objects::nonNull).toList();
    }

    /** Collects a check ticket by ticket; not thread-safe. */
    static final class Builder {
        private long finals;
        private long booked;
        private long refusedTaken;
        private long refusedOther;
        private long failed;
        private final Map<String, Long> failures = new TreeMap<>();
        private long mismatched;
        private long changed;
        private long unreadable;
        private final List<String> examples = new ArrayList<>();

        void booked() {
            finals++;
            booked++;
        }

        void refused(TicketStatus.Reason reason) {
            finals++;
            if (reason == TicketStatus.Reason.TAKEN) {
                refusedTaken++;
            } else {
                refusedOther++;
            }
        }

        void failed(String why) {
            finals++;
            failed++;
            failures.merge(why, 1L, Long::sum);
        }

        void mismatch(String example) {
            mismatched++;
            example(example);
        }

        void changed(String example) {
            changed++;
            example(example);
        }

        void unreadable(String example) {
            unreadable++;
            example(example);
        }

        private void example(String line) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(line);
            }
        }

        TicketCheck build(int tickets) {
            return new TicketCheck(tickets, finals, booked, refusedTaken, refusedOther, failed, failures, mismatched,
                    changed, unreadable, examples);
        }
    }
}
