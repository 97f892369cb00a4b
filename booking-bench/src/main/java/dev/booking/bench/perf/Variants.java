package dev.booking.bench.perf;

import java.util.List;
import java.util.Map;

/** The variant names, their order in tables and charts, and the one-line meaning printed with them. */
final class Variants {

    static final String LIBRARY = "library";
    static final String RAW_JDBC = "raw-jdbc";
    static final String NAIVE = "naive";
    static final String FOR_UPDATE = "for-update";
    static final String PGBENCH = "pgbench";
    static final String WAITING_ROOM = "waiting-room";
    /** Every shared-line variant starts so: {@code line-memory}, {@code line-redis winners}, ... */
    static final String LINE_PREFIX = "line-";
    static final String LINE_MEMORY = "line-memory";
    static final String LINE_REDIS = "line-redis";
    static final String LINE_RABBITMQ = "line-rabbitmq";
    static final String OUTBOX = "outbox";
    /** Every relay variant starts so. */
    static final String RELAY_PREFIX = "relay-";
    static final String RELAY_CALLBACK = "relay-callback";
    static final String RELAY_SMTP = "relay-smtp";
    static final String IN_MEMORY = "in-memory";

    /** Every variant, in report order. */
    static final List<String> ORDER = List.of(LIBRARY, OUTBOX, RAW_JDBC, PGBENCH, FOR_UPDATE, NAIVE, WAITING_ROOM,
            LINE_MEMORY, LINE_REDIS, LINE_RABBITMQ, RELAY_CALLBACK, RELAY_SMTP, IN_MEMORY);

    /** What each variant does, for the legend under the table. */
    static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry(LIBRARY, "the library: JdbcSeatRepository / the MongoDB adapter, tryBook (one conditional UPDATE;"
                    + " on PostgreSQL and MariaDB in a form that tells a loser Taken in the same round trip,"
                    + " on H2 a loser also reads the seat)"),
            Map.entry(OUTBOX, "the library with the transactional outbox: JdbcSeatRepository built with"
                    + " .outbox(JdbcOutbox), so every booking also writes its notice in the same transaction"
                    + " (no relay running)"),
            Map.entry(RAW_JDBC, "plain JDBC on the same pool running the library's own conditional UPDATE, nothing"
                    + " else"),
            Map.entry(PGBENCH, "pgbench running the same UPDATE (-M prepared, clients = min(concurrency, pool size)):"
                    + " the database's own ceiling"),
            Map.entry(FOR_UPDATE, "pessimistic locking: BEGIN; SELECT status ... FOR UPDATE; UPDATE if EMPTY; COMMIT"),
            Map.entry(NAIVE, "the naive read-then-write the README warns against: SELECT status, then UPDATE without"
                    + " the status condition (autocommit)"),
            Map.entry(WAITING_ROOM, "the library behind dev.booking.queue.waitingroom.WaitingRoom (default settings)"),
            Map.entry(LINE_MEMORY, "the shared line on the in-memory reference line (InMemoryLine, this JVM):"
                    + " SharedLine.submit, LineWorkers in this JVM deciding on the same store"),
            Map.entry(LINE_REDIS, "the shared line on Redis Streams (booking-queue-redis), workers in this JVM"),
            Map.entry(LINE_RABBITMQ, "the shared line on RabbitMQ quorum queues with publisher confirms"
                    + " (booking-queue-rabbitmq), workers in this JVM"),
            Map.entry(RELAY_CALLBACK, "OutboxRelay delivering to NoticeDelivery.callback(notice -> { }): the store's"
                    + " side alone (claim a batch, mark each sent)"),
            Map.entry(RELAY_SMTP, "OutboxRelay delivering through MailDelivery to a GreenMail SMTP server in this JVM"
                    + " (one SMTP session per message)"),
            Map.entry(IN_MEMORY, "the library's in-memory reference repository (InMemorySeatRepository) in this JVM,"
                    + " one instance per row of the stadium, run by the same harness: what the client side reaches"
                    + " with no store behind it"));

    private Variants() {
    }

    /** Sort key: position in {@link #ORDER}, unknown names last. */
    static int rank(String variant) {
        int space = variant.indexOf(' ');
        int index = ORDER.indexOf(space < 0 ? variant : variant.substring(0, space)); // "line-redis refusals"
        return index < 0 ? ORDER.size() : index;
    }
}
