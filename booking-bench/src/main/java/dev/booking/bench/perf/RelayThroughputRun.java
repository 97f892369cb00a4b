package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import dev.booking.bench.Store;
import dev.booking.bench.notify.MailServer;
import dev.booking.core.BookingReference;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxRelayStats;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.notify.mail.MailDelivery;
import jakarta.mail.internet.MimeMessage;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The relay-throughput workload: {@code records} notices written to the store's outbox beforehand
 * (untimed), then one {@link OutboxRelay} with {@code threads} threads started and timed until it has
 * marked every one sent. Delivered either through {@link MailDelivery} to an SMTP server in this JVM,
 * or to a callback that does nothing, which leaves the store's side alone (claim, mark sent). Checked:
 * every record delivered exactly once (SMTP: each Message-ID arrived once), none dead.
 */
final class RelayThroughputRun {

    /** How long the relay may take for one run's records before the rest count as failures. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Threads writing the records beforehand. */
    private static final int WRITERS = 8;

    private RelayThroughputRun() {
    }

    /** The variant name of a delivery. */
    static String variant(boolean smtp) {
        return smtp ? Variants.RELAY_SMTP : Variants.RELAY_CALLBACK;
    }

    /**
     * Writes the records, relays them, checks and empties the outbox.
     *
     * @param smtp    whether to deliver by SMTP (else to a no-op callback)
     * @param threads relay threads
     * @param records records to write and deliver
     * @param pairKey the run's key
     */
    static RunResult run(Session session, boolean smtp, int threads, int records, String pairKey) throws Exception {
        Store store = session.store();
        OutboxStore outbox = store.outbox();
        store.clearOutbox();
        Set<String> ids = write(outbox, records);
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        Histogram latency = new ConcurrentHistogram(3);
        MailServer server = smtp ? MailServer.start() : null;
        try {
            NoticeDelivery target = smtp ? MailDelivery.builder(server.session(), MailServer.FROM,
                    user -> Optional.of(MailServer.addressOf(user.value()))).build()
                    : NoticeDelivery.callback(notice -> { });
            NoticeDelivery measured = notice -> {
                long start = System.nanoTime();
                DeliveryResult result = target.deliver(notice);
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                if (result instanceof DeliveryResult.Delivered) {
                    deliveries.merge(notice.id(), 1, Integer::sum);
                }
                return result;
            };
            OutboxRelay relay = OutboxRelay.builder(outbox, measured)
                    .threads(threads)
                    .pollInterval(Duration.ofMillis(10))
                    .relayName("bench-relay")
                    .build();
            long start = System.nanoTime();
            long end;
            OutboxRelayStats stats;
            try {
                relay.start();
                long deadline = start + TIMEOUT.toNanos();
                // the relay's own count, which it raises once a record is marked sent: no query on the store
                while (relay.stats().delivered() + relay.stats().dead() < records && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                end = System.nanoTime();
            } finally {
                relay.close();
            }
            stats = relay.stats();
            Map<String, Long> problems = new LinkedHashMap<>();
            long sent = stats.delivered();
            if (sent < records) {
                problems.put("relay check: " + (records - sent) + " of " + records + " records not marked sent within "
                        + TIMEOUT.toMinutes() + " min (" + stats.dead() + " dead)", records - sent);
            }
            long repeated = deliveries.values().stream().filter(count -> count > 1).count();
            if (repeated > 0 || !deliveries.keySet().equals(ids)) {
                problems.put("relay check: " + repeated + " records delivered twice, " + (ids.size()
                        - deliveries.keySet().stream().filter(ids::contains).count()) + " never", Math.max(1, repeated));
            }
            if (server != null) {
                checkMessages(server.messages(), ids, problems);
            }
            long failed = problems.values().stream().mapToLong(Long::longValue).sum();
            return new RunResult(Workload.RELAY_THROUGHPUT, session.kind().id(), variant(smtp), threads, pairKey,
                    sent, end - start, latency, null, problems, failed,
                    Integrity.of(List.of(), List.of(), List.of()), -1);
        } finally {
            if (server != null) {
                server.close();
            }
            store.clearOutbox();
        }
    }

    /** Every record arrived once: one message per record, each Message-ID once, none foreign. */
    static void checkMessages(List<MimeMessage> messages, Set<String> ids, Map<String, Long> problems) {
        Set<String> seen = new HashSet<>();
        long twice = 0;
        long foreign = 0;
        for (MimeMessage message : messages) {
            String id = MailServer.noticeId(message);
            if (id == null || !ids.contains(id)) {
                foreign++;
            } else if (!seen.add(id)) {
                twice++;
            }
        }
        if (twice > 0 || foreign > 0 || seen.size() != ids.size()) {
            problems.put("mail check: " + messages.size() + " messages for " + ids.size() + " records, " + twice
                    + " Message-IDs twice, " + foreign + " naming no record", Math.max(1, twice + foreign));
        }
    }

    /** Writes {@code records} BOOKED notices, each for its own reader and seat, from a few threads; returns their ids. */
    private static Set<String> write(OutboxStore outbox, int records) throws Exception {
        ShowId show = ShowId.of("relay-bench");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<List<String>>> written = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                written.add(writers.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = writer; i < records; i += WRITERS) {
                        Notice notice = new Notice(Notice.randomId(), Notice.Kind.BOOKED, UserId.of("reader-" + i),
                                BookingReference.generate(), List.of(show.seat(String.format("S%07d", i))), null, null,
                                Instant.now());
                        if (!outbox.appendIfAbsent(notice)) {
                            throw new IllegalStateException("a new notice id was already in the outbox: " + notice.id());
                        }
                        mine.add(notice.id());
                    }
                    return mine;
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> part : written) {
                ids.addAll(part.get());
            }
            return ids;
        } finally {
            writers.shutdownNow();
        }
    }
}
