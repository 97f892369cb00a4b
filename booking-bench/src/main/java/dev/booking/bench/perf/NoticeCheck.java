package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbox-cost workload's integrity beyond the seats: after a run that started with an empty
 * outbox and no relay, the outbox holds exactly one BOOKED notice per booking, for its winner and
 * its seat, and nothing else.
 */
final class NoticeCheck {

    private NoticeCheck() {
    }

    /**
     * What is wrong with the notices of a run, one phrase each (with one example); empty when each
     * booking has exactly its one notice.
     *
     * @param outbox  the outbox the run wrote to, empty before it
     * @param winners every seat booked in the run, with its winner
     */
    static List<String> problems(OutboxStore outbox, Map<SeatId, UserId> winners) {
        // one more than expected, so that a notice too many shows
        List<OutboxRecord> records = outbox.list(OutboxState.PENDING, winners.size() + 1);
        long settled = outbox.count(OutboxState.SENT) + outbox.count(OutboxState.DEAD);
        List<String> problems = new ArrayList<>();
        if (records.size() != winners.size() || settled > 0) {
            problems.add("notice check: " + (records.size() + settled) + (records.size() > winners.size() ? "+" : "")
                    + " notices for " + winners.size() + " bookings");
        }
        Set<SeatId> told = new HashSet<>();
        long wrong = 0;
        String example = null;
        for (OutboxRecord record : records) {
            Notice notice = record.notice();
            SeatId seat = notice.seats().isEmpty() ? null : notice.seats().get(0);
            boolean right = notice.kind() == Notice.Kind.BOOKED && notice.seats().size() == 1
                    && notice.user().equals(winners.get(seat)) && told.add(seat);
            if (!right) {
                wrong++;
                if (example == null) {
                    example = notice.kind() + " " + notice.seats() + " for " + notice.user();
                }
            }
        }
        if (wrong > 0) {
            problems.add("notice check: " + wrong + " notices that no booking accounts for (e.g. " + example + ")");
        }
        return problems;
    }
}
