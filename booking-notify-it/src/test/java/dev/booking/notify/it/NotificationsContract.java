package dev.booking.notify.it;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxRelay;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.notify.it.Smtp.Received;
import dev.booking.notify.mail.MailDelivery;
import dev.booking.notify.mail.MailTemplates;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.tck.Race;
import dev.booking.tck.TckSettings;
import dev.booking.testsupport.JvmProcess;
import dev.booking.testsupport.ScriptedSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifications end to end, on one store, with a real SMTP server: what the "what must
 * hold" promises a customer. A backend's test extends this class and says where its store is; every
 * rule then works on seat and outbox tables (or collections) of its own with random names, dropped
 * afterwards, and a GreenMail server of its own on a free loopback port.
 *
 * <p>The rules (each test method's name starts with its rule number, after the list):
 * <ol>
 *   <li>N1: {@link TckSettings#racers()} requests for one seat through the shared line
 *       ({@link InMemoryLine}, four worker threads on a repository built with the outbox, the workers
 *       writing the line's own answers with {@code notices(outbox)}), relayed by {@link MailDelivery}
 *       to the SMTP server: exactly one message per request, one "booked" to the winner and every
 *       other "sorry, taken", each to its own user's address, every {@code Message-ID} distinct
 *       (N1a). The same race through direct {@code tryBook} calls from one barrier: exactly one
 *       message, "booked", to the winner; the losers had their answer in the call and wrote nothing
 *       (N1b).</li>
 *   <li>N2: the application process is killed ({@code kill -9}) after its bookings committed and
 *       before any relay ran: a relay started afterwards delivers every one of them; none is lost.</li>
 *   <li>N3: a relay process is killed between the SMTP server's acceptance of a message and the
 *       record being marked sent: another relay delivers that record again once the dead relay's
 *       lease ends, so it arrives exactly twice, both times under the same {@code Message-ID}, and
 *       every other record exactly once.</li>
 *   <li>N4: the SMTP server down for a while: records stay pending with their attempts counted and
 *       none goes dead, and all are delivered once it is back on the same port (N4a); a permanent
 *       refusal (5xx) makes a record dead at once (N4b), and temporary refusals (4xx) beyond the
 *       bounded attempts make it dead too (N4c), visible through {@code list(DEAD)}.</li>
 *   <li>N5: two relays, each on its own pool or client, on one outbox of a few hundred records:
 *       every record's {@code Message-ID} arrives exactly once.</li>
 * </ol>
 *
 * <p>Rule 6 of the issue (hostile content) is {@code booking-notify-mail}'s own tests: it concerns
 * the message, not the store. {@link NotificationsCatchBrokenPartsTest} shows the rules failing when
 * one part (the line's notices, the delivery, the outbox's claims) breaks its promise.
 */
abstract class NotificationsContract {

    /** How long any one wait may last before the rule fails: far beyond a loaded 2-core machine's worst. */
    static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Rule N2's bookings, N3's and N4's records. */
    static final int FEW = 12;
    /** Rule N5's records. */
    static final int SEVERAL_HUNDRED = 300;

    private static final int POOL_SIZE = 10;
    private static final Duration SHORT_LEASE = Duration.ofSeconds(2);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private StoreSpec spec;
    private Stores stores;
    private Smtp smtp;

    /** The kind of store under test. */
    protected abstract StoreSpec.Kind kind();

    /** Where the store is: a JDBC URL with credentials, or a MongoDB connection string. Skips or fails the class when there is none. */
    protected abstract String url();

    /**
     * The delivery this JVM's relays use: {@code mail} itself. Overridden only to show that the rules
     * catch a broken delivery ({@code NotificationsCatchBrokenPartsTest}).
     */
    protected NoticeDelivery delivery(NoticeDelivery mail) {
        return mail;
    }

    /** The outbox the line's workers write their answers to: {@code outbox} itself, unless broken on purpose. */
    protected OutboxStore lineNotices(OutboxStore outbox) {
        return outbox;
    }

    /** The outbox this JVM's relays claim from: {@code outbox} itself, unless broken on purpose. */
    protected OutboxStore relayOutbox(OutboxStore outbox) {
        return outbox;
    }

    /** Seat {@code i}'s number in the rules that book many seats. */
    static String seatNumber(int i) {
        return "S" + i;
    }

    /** User {@code i}'s id: unique in a rule, so that every message's address tells whose it is. */
    static String userName(int i) {
        return "user-" + i;
    }

    @BeforeEach
    void openStoreAndSmtpServer() {
        spec = StoreSpec.fresh(kind(), url());
        stores = spec.open(POOL_SIZE).createSchema();
        smtp = Smtp.start();
    }

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (stores != null) {
            try {
                stores.drop();
            } finally {
                stores.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- N1

    @Test
    @DisplayName("Rule N1a: every request through the shared line gets one message: one booked, the rest sorry-taken, each to its own address")
    void n1a_everyQueuedRequestGetsExactlyOneMessage() {
        int racers = TckSettings.fromEnvironment().racers();
        ShowId show = ShowId.of("n1-line");
        SeatRepository seats = stores.repository();
        seats.addSeats(show, List.of("A1"));
        OutboxRelay relay = open(relay(stores.outbox(), smtp.delivery(), "relay-n1a").threads(4).build()).start();

        InMemoryLine line = open(InMemoryLine.builder().name("n1-line").partitions(4).build());
        LineWorkers workers = open(LineWorkers.builder(line.connect(), seats)
                .threads(4).notices(lineNotices(stores.outbox())).pollWait(Duration.ofMillis(20)).build()).start();
        SharedLine front = SharedLine.builder(line).build();
        List<Race.Attempt<SubmitResult>> submits = Race.run(racers,
                i -> () -> front.submit(ClaimRequest.book(show, UserId.of(userName(i)), "A1")), PATIENCE);
        List<Ticket> tickets = new ArrayList<>();
        for (Race.Attempt<SubmitResult> submit : submits) {
            assertThat(submit.failure()).as("submit of caller %d", submit.caller()).isNull();
            assertThat(submit.value()).as("submit of caller %d", submit.caller()).isInstanceOf(SubmitResult.Accepted.class);
            tickets.add(((SubmitResult.Accepted) submit.value()).ticket());
        }
        long submitted = System.nanoTime();
        awaitTrue("every ticket final", () -> line.ledger().statuses(tickets).values().stream()
                .allMatch(TicketStatus::isFinal));
        long decided = System.nanoTime();
        workers.close(); // finishes the batch in hand: every notice of a final ticket is written
        awaitSent(stores.outbox(), racers);
        long sent = System.nanoTime();
        relay.close();
        // counted with nothing running any more: a record between two states is not counted twice
        assertThat(recordCount(stores.outbox())).as("records written for the race: %s", census(stores.outbox()))
                .isEqualTo(racers);
        System.out.printf("booking: N1a on %s: %d tickets final %d ms after the submits, all sent %d ms later%n",
                getClass().getSimpleName(), racers, (decided - submitted) / 1_000_000, (sent - decided) / 1_000_000);

        List<Received> received = smtp.received();
        assertThat(received).as("one message per request").hasSize(racers);
        List<Notice> notices = sentNotices(received, stores.outbox());
        assertThat(received).extracting(Received::to).as("each to its own address").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, racers)
                        .mapToObj(i -> Smtp.addressOf(UserId.of(userName(i)))).toList());

        Map<Notice.Kind, List<Notice>> byKind = notices.stream()
                .collect(Collectors.groupingBy(Notice::kind));
        assertThat(byKind.keySet()).containsExactlyInAnyOrder(Notice.Kind.BOOKED, Notice.Kind.REFUSED);
        assertThat(byKind.get(Notice.Kind.BOOKED)).as("booked messages").hasSize(1);
        assertThat(byKind.get(Notice.Kind.REFUSED)).as("sorry-taken messages").hasSize(racers - 1)
                .allSatisfy(notice -> assertThat(notice.detail()).isEqualTo("TAKEN"));
        UserId owner = seats.findSeat(show.seat("A1")).flatMap(SeatState::ownerIfAny).orElseThrow();
        assertThat(byKind.get(Notice.Kind.BOOKED).get(0).user()).as("the booked message is the winner's").isEqualTo(owner);
    }

    @Test
    @DisplayName("Rule N1b: the same race through direct calls sends one message, booked, to the winner; the losers write nothing")
    void n1b_directCallsSendOnlyTheWinnersMessage() {
        int racers = TckSettings.fromEnvironment().racers();
        ShowId show = ShowId.of("n1-direct");
        SeatId seat = show.seat("A1");
        SeatRepository seats = stores.repository();
        seats.addSeats(show, List.of("A1"));
        OutboxRelay relay = open(relay(stores.outbox(), smtp.delivery(), "relay-n1b").threads(2).build()).start();

        List<Race.Attempt<BookingResult>> calls = Race.run(racers,
                i -> () -> seats.tryBook(seat, UserId.of(userName(i))), PATIENCE);
        assertThat(calls).allSatisfy(call -> assertThat(call.failure()).isNull());
        List<BookingResult> winners = calls.stream().map(Race.Attempt::value)
                .filter(BookingResult.Booked.class::isInstance).toList();
        assertThat(winners).as("winners").hasSize(1);
        assertThat(calls).extracting(Race.Attempt::value).filteredOn(BookingResult.Taken.class::isInstance)
                .as("told taken in the call").hasSize(racers - 1);

        awaitSent(stores.outbox(), 1);
        relay.close();
        // every call has returned, so every record the race made is committed: it made exactly one
        assertThat(recordCount(stores.outbox())).as("records written by the race: %s", census(stores.outbox()))
                .isEqualTo(1);

        List<Received> received = smtp.received();
        assertThat(received).hasSize(1);
        Notice notice = sentNotices(received, stores.outbox()).get(0);
        assertThat(notice.kind()).isEqualTo(Notice.Kind.BOOKED);
        UserId owner = seats.findSeat(seat).flatMap(SeatState::ownerIfAny).orElseThrow();
        assertThat(notice.user()).isEqualTo(owner);
        assertThat(received.get(0).to()).isEqualTo(Smtp.addressOf(owner));
    }

    // ---------------------------------------------------------------------------------------- N2

    @Test
    @DisplayName("Rule N2: an application killed with kill -9 after its commits and before any delivery loses no message")
    void n2_anApplicationKilledAfterItsCommitsLosesNoMessage() {
        ShowId show = ShowId.of("n2-killed-app");
        stores.repository().addSeats(show, IntStream.range(0, FEW).mapToObj(NotificationsContract::seatNumber).toList());
        List<String> args = new ArrayList<>(spec.args());
        args.addAll(List.of(show.value(), String.valueOf(FEW)));
        try (JvmProcess application = JvmProcess.start(BookingProcessMain.class, args.toArray(String[]::new))) {
            awaitTrue("the application booked its seats", () -> {
                assertThat(application.isAlive()).as("the application runs: %s", application.log()).isTrue();
                return application.printed(BookingProcessMain.BOOKED + FEW);
            });
            application.kill();
            assertThat(application.isAlive()).isFalse();
        }
        for (int i = 0; i < FEW; i++) {
            assertThat(stores.repository().findSeat(show.seat(seatNumber(i))).flatMap(SeatState::ownerIfAny))
                    .contains(UserId.of(userName(i)));
        }

        try (OutboxRelay relay = relay(stores.outbox(), smtp.delivery(), "relay-after-restart").threads(2).build()) {
            relay.start();
            awaitSent(stores.outbox(), FEW);
        }
        List<Received> received = smtp.received();
        assertThat(received).as("one message per booking of the killed application").hasSize(FEW);
        assertThat(sentNotices(received, stores.outbox())).allSatisfy(notice -> {
            assertThat(notice.kind()).isEqualTo(Notice.Kind.BOOKED);
            int i = Integer.parseInt(notice.user().value().substring("user-".length()));
            assertThat(notice.seats()).containsExactly(show.seat(seatNumber(i)));
        }).extracting(Notice::user).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------------------------------- N3

    @Test
    @DisplayName("Rule N3: a relay killed between the SMTP acceptance and marking sent causes one duplicate, under the same Message-ID")
    void n3_aRelayKilledInTheWindowSendsThatRecordTwiceUnderOneMessageId() {
        bookFew(ShowId.of("n3-killed-relay"));
        List<String> args = new ArrayList<>(spec.args());
        args.addAll(List.of(String.valueOf(smtp.port()), String.valueOf(SHORT_LEASE.toMillis())));
        String duplicated;
        try (JvmProcess doomed = JvmProcess.start(RelayProcessMain.class, args.toArray(String[]::new))) {
            awaitTrue("the relay process had a message accepted", () -> {
                assertThat(doomed.isAlive()).as("the relay process runs: %s", doomed.log()).isTrue();
                return acceptedBy(doomed).isPresent();
            });
            duplicated = acceptedBy(doomed).orElseThrow();
            doomed.kill();
        }
        assertThat(smtp.received()).extracting(Received::noticeId).as("accepted before the kill").containsExactly(duplicated);
        assertThat(stores.outbox().find(duplicated)).get().extracting(OutboxRecord::state).isEqualTo(OutboxState.PENDING);

        try (OutboxRelay relay = relay(stores.outbox(), smtp.delivery(), "relay-survivor")
                .lease(SHORT_LEASE).threads(2).build()) {
            relay.start();
            awaitSent(stores.outbox(), FEW);
        }
        List<Received> received = smtp.received();
        assertThat(received).as("every record once, and the one in the window once more").hasSize(FEW + 1);
        Map<String, List<Received>> byNotice = received.stream().collect(Collectors.groupingBy(Received::noticeId));
        assertThat(byNotice).hasSize(FEW);
        assertThat(byNotice.get(duplicated)).as("the record in the window").hasSize(2)
                .extracting(Received::messageId).containsOnly(byNotice.get(duplicated).get(0).messageId());
        byNotice.forEach((id, messages) -> {
            if (!id.equals(duplicated)) {
                assertThat(messages).as("record %s", id).hasSize(1);
            }
        });
        assertThat(stores.outbox().find(duplicated)).get().extracting(OutboxRecord::attempts).isEqualTo(2);
        sentNotices(received.stream().distinct().toList(), stores.outbox());
    }

    private static Optional<String> acceptedBy(JvmProcess relay) {
        return relay.log().lines().filter(line -> line.startsWith(RelayProcessMain.ACCEPTED))
                .map(line -> line.substring(RelayProcessMain.ACCEPTED.length())).findFirst();
    }

    // ---------------------------------------------------------------------------------------- N4

    @Test
    @DisplayName("Rule N4a: while the SMTP server is down records wait, counted and not dead, and are delivered when it returns")
    void n4a_recordsWaitOutAnSmtpOutage() {
        List<String> ids = bookFew(ShowId.of("n4-outage"));
        smtp.stop();
        try (OutboxRelay relay = relay(stores.outbox(), smtp.delivery(), "relay-n4a")
                .maxAttempts(20).backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            // at least two failed attempts for every record while the server is down
            awaitTrue("every record tried twice", () -> {
                relay.runOnce();
                assertThat(stores.outbox().count(OutboxState.DEAD)).as("dead records").isZero();
                return ids.stream().allMatch(id -> record(id).attempts() >= 2);
            });
            assertThat(stores.outbox().count(OutboxState.PENDING)).as("pending records").isEqualTo(FEW);
            assertThat(ids).allSatisfy(id -> {
                OutboxRecord waiting = record(id);
                assertThat(waiting.state()).isEqualTo(OutboxState.PENDING);
                assertThat(waiting.lastError()).isNotBlank();
            });

            smtp.restart();
            relay.start();
            awaitSent(stores.outbox(), FEW);
        }
        List<Received> received = smtp.received();
        assertThat(received).hasSize(FEW);
        sentNotices(received, stores.outbox());
        assertThat(received).extracting(Received::noticeId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    @DisplayName("Rule N4b: a permanent refusal (5xx) makes the record dead at once, listed by list(DEAD)")
    void n4b_aPermanentRefusalMakesTheRecordDead() throws IOException {
        List<String> ids = bookFew(ShowId.of("n4-refused"));
        try (ScriptedSmtpServer refusing = ScriptedSmtpServer.failing(ScriptedSmtpServer.Step.RCPT, "550 5.1.1 no such mailbox");
             OutboxRelay relay = relay(stores.outbox(), Smtp.delivery(refusing.port()), "relay-n4b").maxAttempts(10).build()) {
            awaitTrue("every record dead", () -> {
                relay.runOnce();
                return stores.outbox().count(OutboxState.DEAD) == FEW;
            });
        }
        List<OutboxRecord> dead = stores.outbox().list(OutboxState.DEAD, 100);
        assertThat(dead).extracting(OutboxRecord::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(dead).allSatisfy(record -> {
            assertThat(record.attempts()).as("attempts of a refused record").isEqualTo(1);
            assertThat(record.lastError()).isNotBlank();
        });
        assertThat(stores.outbox().count(OutboxState.PENDING)).isZero();
    }

    @Test
    @DisplayName("Rule N4c: temporary refusals (4xx) beyond the bounded attempts make the record dead")
    void n4c_temporaryRefusalsBeyondTheBoundedAttemptsMakeTheRecordDead() throws IOException {
        int maxAttempts = 3;
        List<String> ids = bookFew(ShowId.of("n4-busy"));
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.failing(ScriptedSmtpServer.Step.RCPT, "451 4.3.0 try again later");
             OutboxRelay relay = relay(stores.outbox(), Smtp.delivery(busy.port()), "relay-n4c")
                     .maxAttempts(maxAttempts).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            awaitTrue("every record dead", () -> {
                relay.runOnce();
                return stores.outbox().count(OutboxState.DEAD) == FEW;
            });
        }
        List<OutboxRecord> dead = stores.outbox().list(OutboxState.DEAD, 100);
        assertThat(dead).extracting(OutboxRecord::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(dead).allSatisfy(record -> {
            assertThat(record.attempts()).as("attempts of a record refused for a while").isEqualTo(maxAttempts);
            assertThat(record.lastError()).isNotBlank();
        });
    }

    // ---------------------------------------------------------------------------------------- N5

    @Test
    @DisplayName("Rule N5: two relays on their own pools or clients send every record of one outbox exactly once")
    void n5_twoRelaysSendEveryRecordOnce() {
        ShowId show = ShowId.of("n5-two-relays");
        SeatRepository seats = stores.repository();
        seats.addSeats(show, IntStream.range(0, SEVERAL_HUNDRED).mapToObj(NotificationsContract::seatNumber).toList());
        List<Race.Attempt<BookingResult>> bookings = Race.run(SEVERAL_HUNDRED,
                i -> () -> seats.tryBook(show.seat(seatNumber(i)), UserId.of(userName(i))), PATIENCE);
        assertThat(bookings).allSatisfy(call -> assertThat(call.value()).isInstanceOf(BookingResult.Booked.class));

        try (Stores other = spec.open(POOL_SIZE);
             OutboxRelay first = relay(stores.outbox(), smtp.delivery(), "relay-one").threads(2).batchSize(20).build();
             OutboxRelay second = relay(other.outbox(), smtp.delivery(), "relay-two").threads(2).batchSize(20).build()) {
            first.start();
            second.start();
            awaitSent(stores.outbox(), SEVERAL_HUNDRED);
            first.close(); // waits for deliveries under way: a late duplicate would be counted below
            second.close();
        }
        List<Received> received = smtp.received();
        assertThat(received).extracting(Received::messageId).as("Message-IDs").doesNotHaveDuplicates();
        assertThat(received).as("messages").hasSize(SEVERAL_HUNDRED);
        sentNotices(received, stores.outbox());
    }

    // ---------------------------------------------------------------------------------------- helpers

    /** A relay with test-friendly pace: short polls and backoff, a lease longer than any delivery here. */
    private OutboxRelay.Builder relay(OutboxStore outbox, NoticeDelivery delivery, String name) {
        return OutboxRelay.builder(relayOutbox(outbox), delivery(delivery))
                .relayName(name)
                .pollInterval(Duration.ofMillis(20))
                .lease(Duration.ofSeconds(30))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** Books {@link #FEW} seats of {@code show} for as many users, in this process; returns the records' ids. */
    private List<String> bookFew(ShowId show) {
        SeatRepository seats = stores.repository();
        seats.addSeats(show, IntStream.range(0, FEW).mapToObj(NotificationsContract::seatNumber).toList());
        for (int i = 0; i < FEW; i++) {
            assertThat(seats.tryBook(show.seat(seatNumber(i)), UserId.of(userName(i))))
                    .isInstanceOf(BookingResult.Booked.class);
        }
        List<String> ids = stores.outbox().list(OutboxState.PENDING, 1000).stream().map(OutboxRecord::id).toList();
        assertThat(ids).as("one record per booking").hasSize(FEW);
        return ids;
    }

    private OutboxRecord record(String id) {
        return stores.outbox().find(id).orElseThrow(() -> new AssertionError("no record " + id));
    }

    /** How many records of each kind and detail, for a failure's message. */
    private static Map<String, Long> census(OutboxStore outbox) {
        return Stream.of(OutboxState.values()).flatMap(state -> outbox.list(state, 100_000).stream())
                .collect(Collectors.groupingBy(record -> record.notice().kind() + " " + record.notice().detail(),
                        Collectors.counting()));
    }

    /** How many records there are; only while nothing changes their states, or one could be counted twice. */
    private static long recordCount(OutboxStore outbox) {
        return Stream.of(OutboxState.values()).mapToLong(outbox::count).sum();
    }

    /** Waits until {@code expected} records are sent, failing if more than that are, or if any goes dead. */
    private static void awaitSent(OutboxStore outbox, long expected) {
        awaitTrue(expected + " records sent", () -> {
            assertThat(outbox.count(OutboxState.DEAD)).as("dead records: %s", outbox.list(OutboxState.DEAD, 5)).isZero();
            return outbox.count(OutboxState.SENT) >= expected;
        });
        assertThat(outbox.count(OutboxState.SENT)).as("records sent").isEqualTo(expected);
    }

    /**
     * Every message is the one of a sent record: its {@code Message-ID} names the record, it goes to
     * the record's user, its subject is the standard template's for the record, and no two messages
     * here share a {@code Message-ID}.
     *
     * @return the messages' notices, in the messages' order
     */
    private static List<Notice> sentNotices(Collection<Received> received, OutboxStore outbox) {
        assertThat(received).extracting(Received::messageId).doesNotHaveDuplicates();
        Map<String, Notice> sent = outbox.list(OutboxState.SENT, 100_000).stream()
                .collect(Collectors.toMap(OutboxRecord::id, OutboxRecord::notice));
        MailTemplates templates = MailTemplates.standard();
        List<Notice> notices = new ArrayList<>();
        for (Received message : received) {
            Notice notice = sent.get(message.noticeId());
            assertThat(notice).as("the sent record of %s", message.messageId()).isNotNull();
            assertThat(message.to()).as("recipient of %s", message.messageId()).isEqualTo(Smtp.addressOf(notice.user()));
            assertThat(message.subject()).as("subject of %s", message.messageId())
                    .isEqualTo(templates.render(notice).subject());
            notices.add(notice);
        }
        return notices;
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /**
     * Waits, polling every 20 ms, until {@code condition} holds, failing after {@link #PATIENCE}: for
     * what another thread or process does, which the test cannot await otherwise. Only progress is
     * awaited this way; what is asserted afterwards never depends on timing.
     */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting, after %s, for: %s", PATIENCE, what).isNegative();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
