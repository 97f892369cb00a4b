package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.bench.SqlStore;
import dev.booking.bench.notify.MailServer;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxState;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox workloads at quick size on H2: the outbox-cost run books with the outbox and leaves one
 * notice per booking, which its check confirms and which the check catches when wrong; the relay runs
 * deliver every record once, by SMTP and by callback, and their mail check catches a repeat.
 */
class OutboxRunsTest {

    @TempDir
    Path workDir;
    private SqlStore store;

    @BeforeEach
    void open() {
        store = LineSessions.store("outbox-runs");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theOutboxVariantWritesOneNoticePerBookingAndItsCheckFindsNothingWrong() {
        Session session = session();
        Map<SeatId, UserId> seen = new LinkedHashMap<>();
        RunResult run = DistinctSeatsRun.run(Workload.OUTBOX_COST, session, session.approach(Variants.OUTBOX), 8, 500,
                Duration.ofMillis(200), "t", winners -> {
                    seen.putAll(winners);
                    return NoticeCheck.problems(store.outbox(), winners);
                });

        assertThat(run.errorCount()).as("%s", run.errors()).isZero();
        Integrity integrity = run.integrity();
        assertThat(integrity.problems()).isEmpty();
        assertThat(integrity.won()).isPositive();
        assertThat(seen).hasSize((int) integrity.won());
        assertThat(store.outbox().count(OutboxState.PENDING)).as("one notice per booking").isEqualTo(integrity.won());
    }

    @Test
    void theNoticeCheckCatchesANoticeMissingOneTooManyAndOneForTheWrongUser() {
        ShowId show = ShowId.of("check");
        SeatId a1 = show.seat("A1");
        SeatId a2 = show.seat("A2");
        append(a1, "ann");

        assertThat(NoticeCheck.problems(store.outbox(), Map.of(a1, UserId.of("ann")))).isEmpty();
        assertThat(NoticeCheck.problems(store.outbox(), Map.of(a1, UserId.of("ann"), a2, UserId.of("bob"))))
                .as("a booking without its notice").containsExactly("notice check: 1 notices for 2 bookings");
        assertThat(NoticeCheck.problems(store.outbox(), Map.of(a1, UserId.of("bob"))))
                .as("a notice for another user").hasSize(1).allMatch(p -> p.contains("no booking accounts for"));
        append(a1, "ann");
        assertThat(NoticeCheck.problems(store.outbox(), Map.of(a1, UserId.of("ann"))))
                .as("a second notice for one booking").contains("notice check: 2+ notices for 1 bookings");
    }

    @Test
    void theRelayDeliversEveryRecordOnceBySmtpAndByCallback() throws Exception {
        for (boolean smtp : List.of(false, true)) {
            RunResult run = RelayThroughputRun.run(session(), smtp, 2, 60, "t");

            assertThat(run.workload()).isEqualTo(Workload.RELAY_THROUGHPUT);
            assertThat(run.variant()).isEqualTo(smtp ? Variants.RELAY_SMTP : Variants.RELAY_CALLBACK);
            assertThat(run.errorCount()).as("%s", run.errors()).isZero();
            assertThat(run.operations()).as("records delivered and marked sent").isEqualTo(60);
            assertThat(run.latencyMicros().getTotalCount()).as("deliveries").isEqualTo(60);
            assertThat(store.outbox().count(OutboxState.PENDING) + store.outbox().count(OutboxState.SENT))
                    .as("the outbox is emptied after the run").isZero();
        }
    }

    @Test
    void theRelaysMailCheckCatchesARepeatedAndAForeignMessage() throws Exception {
        Map<String, Long> problems = new LinkedHashMap<>();
        RelayThroughputRun.checkMessages(List.of(message("a"), message("b")), Set.of("a", "b"), problems);
        assertThat(problems).isEmpty();

        RelayThroughputRun.checkMessages(List.of(message("a"), message("a"), message("c")), Set.of("a", "b"), problems);
        assertThat(problems.keySet()).containsExactly(
                "mail check: 3 messages for 2 records, 1 Message-IDs twice, 1 naming no record");
    }

    private Session session() {
        return LineSessions.session(store, workDir);
    }

    private void append(SeatId seat, String user) {
        store.outbox().appendIfAbsent(new Notice(Notice.randomId(), Notice.Kind.BOOKED, UserId.of(user),
                BookingReference.generate(), List.of(seat), null, null, Instant.now()));
    }

    private static MimeMessage message(String id) throws Exception {
        MimeMessage message = new MimeMessage(jakarta.mail.Session.getInstance(new Properties()));
        message.setHeader("Message-ID", "<" + id + "@" + MailServer.DOMAIN + ">");
        return message;
    }
}
