package dev.booking.bench.notify;

import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxRelayStats;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.notify.mail.MailDelivery;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notifications of {@code ./race --notify}: an SMTP server in this JVM, and a relay delivering the
 * race's outbox to it through the library's {@link MailDelivery}, each racer's address being
 * {@code user + "@race.test"}. Started before the race, so that messages flow while it runs; after it,
 * {@link #awaitDrained} waits until the outbox has nothing left to send, and {@link #report} checks what
 * arrived against what the racers were told.
 */
public final class Notifications implements AutoCloseable {

    /** Relay threads: two, as two relay instances would run; the SMTP server is in this JVM. */
    static final int RELAY_THREADS = 2;
    /** How often an idle relay looks for new records: short, as the race's messages come in a burst. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** How long {@link #awaitDrained} waits for the outbox to empty before reporting what is left. */
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

    private final OutboxStore outbox;
    private final MailServer server;
    private final OutboxRelay relay;
    private final AtomicLong lastDelivered = new AtomicLong(Long.MIN_VALUE);

    private Notifications(OutboxStore outbox, MailServer server) {
        this.outbox = outbox;
        this.server = server;
        NoticeDelivery mail = MailDelivery.builder(server.session(), MailServer.FROM,
                user -> Optional.of(MailServer.addressOf(user.value()))).build();
        NoticeDelivery timed = notice -> {
            DeliveryResult result = mail.deliver(notice);
            if (result instanceof DeliveryResult.Delivered) {
                // the server has accepted it: this is when it arrived
                lastDelivered.accumulateAndGet(System.nanoTime(), Math::max);
            }
            return result;
        };
        this.relay = OutboxRelay.builder(outbox, timed)
                .threads(RELAY_THREADS)
                .pollInterval(POLL_INTERVAL)
                .relayName("race-relay-" + ProcessHandle.current().pid())
                .build();
    }

    /** Starts the SMTP server and the relay on {@code outbox}. */
    public static Notifications start(OutboxStore outbox) {
        MailServer server = MailServer.start();
        try {
            Notifications notifications = new Notifications(outbox, server);
            notifications.relay.start();
            return notifications;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** One line saying what delivers the notices, and where to. */
    public String description() {
        return "outbox relay (" + RELAY_THREADS + " threads) -> MailDelivery -> " + server.description()
                + "; addresses user + \"@" + MailServer.DOMAIN + "\"";
    }

    /**
     * Waits until the outbox has no pending record (each delivered, or given up on as dead), printing
     * progress every second; returns whether it emptied within {@link #DRAIN_TIMEOUT} (false if
     * interrupted).
     */
    public boolean awaitDrained(PrintStream out) {
        long start = System.nanoTime();
        long deadline = start + DRAIN_TIMEOUT.toNanos();
        long nextProgress = start + Duration.ofSeconds(1).toNanos();
        while (true) {
            long pending = outbox.count(OutboxState.PENDING);
            if (pending == 0) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                return false;
            }
            if (now - nextProgress > 0) {
                out.printf("  ... %d messages arrived, %d notices still to send%n", server.count(), pending);
                nextProgress = now + Duration.ofSeconds(1).toNanos();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Checks what arrived and prints it: messages by kind, the time from {@code gateNanos} (a
     * {@link System#nanoTime()}) until the last arrived, and the integrity line.
     *
     * @param owed    the racers' addresses with the kind each is owed, null for none
     * @param drained what {@link #awaitDrained} said
     * @return whether all is well: drained, nothing dead, and the {@link MailCheck} passed
     */
    public boolean report(long gateNanos, Map<String, String> owed, boolean drained, PrintStream out) {
        MailCheck check = MailCheck.of(server.messages(), id -> outbox.find(id).map(OutboxRecord::notice),
                owed);
        OutboxRelayStats stats = relay.stats();
        out.printf("  messages     : %d to racers (%s)%s%n", check.racerMessages(), check.kinds(),
                check.others() > 0 ? ", plus " + check.others() + " for the warm-up show" : "");
        long last = lastDelivered.get();
        if (last != Long.MIN_VALUE) {
            out.printf(Locale.ROOT, "  mail time    : %.1f ms from the gate opening until the last message arrived%n",
                    Math.max(0, last - gateNanos) / 1e6);
        }
        out.printf("  relay        : %d delivered, %d retried, %d dead, %d lost leases%s%n", stats.delivered(),
                stats.retried(), stats.dead(), stats.lostLeases(), drained ? ""
                        : "; " + outbox.count(OutboxState.PENDING) + " notices NOT sent within "
                        + DRAIN_TIMEOUT.toMinutes() + " min");
        boolean ok = check.ok() && drained && stats.dead() == 0;
        if (ok) {
            out.printf("  mail check   : OK (%d messages == %d expected, one per racer owed one, each of its kind;"
                    + " no Message-ID twice)%n", check.racerMessages(), check.expected());
        } else {
            out.println("  mail check   : FAILED");
            check.problems().forEach(problem -> out.println("                 " + problem));
            if (stats.dead() > 0) {
                out.println("                 " + stats.dead() + " notices went dead");
            }
            check.examples().forEach(example -> out.println("                 " + example));
        }
        return ok;
    }

    /** Stops the relay, then the SMTP server. */
    @Override
    public void close() {
        try {
            relay.close();
        } finally {
            server.close();
        }
    }
}
