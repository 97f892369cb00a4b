package dev.booking.jdbc;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC outbox on one database, directly: what each repository operation writes, the store's
 * primitives (append, leased claims with {@code SKIP LOCKED}, conditional marks, requeue, purge),
 * and the atomicity of a change with its notices. Every test has tables of its own.
 */
abstract class JdbcOutboxSuite {

    private static final int LIMIT = 1000;

    abstract TestDatabase database();

    /** Every notice in the outbox, whatever its state, oldest first. */
    private static List<Notice> notices(JdbcOutbox outbox) {
        List<OutboxRecord> all = new ArrayList<>();
        for (OutboxState state : OutboxState.values()) {
            all.addAll(outbox.list(state, LIMIT));
        }
        return all.stream().map(OutboxRecord::notice).sorted(Comparator.comparing(Notice::createdAt)).toList();
    }

    private static Notice only(List<Notice> notices, Notice.Kind kind) {
        List<Notice> ofKind = notices.stream().filter(notice -> notice.kind() == kind).toList();
        assertThat(ofKind).as("notices of kind " + kind).hasSize(1);
        return ofKind.get(0);
    }

    @Test
    void everyChangeWritesOneNoticePerEventAndNoAnswerWithoutAChangeWritesAny() throws Exception {
        List<BookingEvent> told = new CopyOnWriteArrayList<>();
        try (OutboxTables tables = new OutboxTables(database(), told::add)) {
            JdbcSeatRepository seats = tables.repository();
            JdbcOutbox outbox = tables.outbox();
            ShowId show = ShowId.of("outbox-show");
            seats.addSeats(show, List.of("A1", "A2", "A3", "A4", "A5", "A6"));
            UserId ann = UserId.of("ann");
            UserId bob = UserId.of("bob");

            BookingResult.Booked booked = (BookingResult.Booked) seats.tryBook(show.seat("A1"), ann);
            assertThat(seats.tryBook(show.seat("A1"), ann)).isInstanceOf(BookingResult.AlreadyYours.class);
            assertThat(seats.tryBook(show.seat("A1"), bob)).isInstanceOf(BookingResult.Taken.class);
            assertThat(seats.tryBook(show.seat("Z9"), bob)).isInstanceOf(BookingResult.NoSuchSeat.class);
            Notice bookedNotice = only(notices(outbox), Notice.Kind.BOOKED);
            assertThat(bookedNotice.user()).isEqualTo(ann);
            assertThat(bookedNotice.reference()).isEqualTo(booked.reference());
            assertThat(bookedNotice.seats()).containsExactly(show.seat("A1"));
            assertThat(notices(outbox)).hasSize(1);

            ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(
                    ClaimRequest.hold(show, bob, Duration.ofMinutes(5), "A2", "A3"));
            Notice heldNotice = only(notices(outbox), Notice.Kind.HELD);
            assertThat(heldNotice.seats()).containsExactly(show.seat("A2"), show.seat("A3"));
            assertThat(heldNotice.holdExpiresAt()).isEqualTo(held.holdExpiresAt());
            assertThat(seats.claim(ClaimRequest.hold(show, bob, Duration.ofMinutes(5), "A2", "A3")
                    .withReference(held.reference()))).as("a replay").isEqualTo(held);
            assertThat(seats.claim(ClaimRequest.book(show, ann, "A2"))).isInstanceOf(ClaimResult.Unavailable.class);
            assertThat(notices(outbox)).hasSize(2);

            assertThat(seats.confirm(held.reference(), bob)).isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(seats.confirm(held.reference(), bob)).as("confirmed already: no change")
                    .isInstanceOf(ConfirmResult.Confirmed.class);
            assertThat(only(notices(outbox), Notice.Kind.CONFIRMED).seats())
                    .containsExactly(show.seat("A2"), show.seat("A3"));
            assertThat(seats.release(show.seat("A2"), bob)).isInstanceOf(ReleaseResult.Released.class);
            assertThat(seats.release(held.reference(), bob)).isInstanceOf(ReleaseResult.Released.class);
            assertThat(notices(outbox).stream().filter(notice -> notice.kind() == Notice.Kind.RELEASED)
                    .map(Notice::seats)).containsExactlyInAnyOrder(List.of(show.seat("A2")), List.of(show.seat("A3")));
            assertThat(notices(outbox)).hasSize(5);

            // lapsed holds: one taken over by tryBook (EXPIRED, then BOOKED), one swept (EXPIRED)
            ClaimResult.Claimed lapsing = (ClaimResult.Claimed) seats.claim(
                    ClaimRequest.hold(show, ann, Duration.ofMillis(1), "A4", "A5"));
            awaitEmpty(seats, show.seat("A4"));
            BookingResult.Booked takeover = (BookingResult.Booked) seats.tryBook(show.seat("A4"), bob);
            assertThat(seats.sweepExpiredHolds(10)).isEqualTo(1);
            List<Notice> expired = notices(outbox).stream().filter(notice -> notice.kind() == Notice.Kind.EXPIRED)
                    .toList();
            assertThat(expired).extracting(Notice::seats)
                    .containsExactlyInAnyOrder(List.of(show.seat("A4")), List.of(show.seat("A5")));
            assertThat(expired).allSatisfy(notice -> {
                assertThat(notice.user()).isEqualTo(ann);
                assertThat(notice.reference()).isEqualTo(lapsing.reference());
            });
            assertThat(notices(outbox).stream().filter(notice -> notice.kind() == Notice.Kind.BOOKED
                    && notice.reference().equals(takeover.reference()))).hasSize(1);

            // a batch: the winner's notice only
            List<ClaimResult> batch = seats.claimInOrder(List.of(ClaimRequest.book(show, ann, "A6"),
                    ClaimRequest.book(show, bob, "A6")));
            assertThat(batch.get(0)).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(batch.get(1)).isInstanceOf(ClaimResult.Unavailable.class);
            assertThat(notices(outbox).stream().filter(notice -> notice.seats().contains(show.seat("A6"))))
                    .singleElement().satisfies(notice -> assertThat(notice.user()).isEqualTo(ann));

            assertThat(notices(outbox)).as("one notice per event told to the listener").hasSameSizeAs(told);
            assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(told.size());
        }
    }

    private static void awaitEmpty(JdbcSeatRepository seats, SeatId seat) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!seats.findSeat(seat).orElseThrow().isEmpty()) {
            assertThat(System.nanoTime()).as("the hold on " + seat + " still live").isLessThan(deadline);
            Thread.sleep(5); // until the database's clock has passed the hold
        }
    }

    @Test
    void theRaceForOneSeatWritesExactlyOneNoticeForTheWinner() throws Exception {
        try (OutboxTables tables = new OutboxTables(database())) {
            ShowId show = ShowId.of("race");
            tables.repository().addSeats(show, List.of("A1"));
            int racers = 16;
            CyclicBarrier gate = new CyclicBarrier(racers);
            ExecutorService threads = Executors.newFixedThreadPool(racers);
            List<Future<BookingResult>> results = new ArrayList<>();
            try {
                for (int i = 0; i < racers; i++) {
                    UserId user = UserId.of("racer-" + i);
                    results.add(threads.submit(() -> {
                        gate.await();
                        return tables.repository().tryBook(show.seat("A1"), user);
                    }));
                }
                List<BookingResult.Booked> winners = new ArrayList<>();
                for (Future<BookingResult> result : results) {
                    if (result.get() instanceof BookingResult.Booked booked) {
                        winners.add(booked);
                    }
                }
                assertThat(winners).hasSize(1);
                assertThat(notices(tables.outbox())).singleElement().satisfies(notice -> {
                    assertThat(notice.user()).isEqualTo(winners.get(0).owner());
                    assertThat(notice.reference()).isEqualTo(winners.get(0).reference());
                });
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void seatsOfAnyCharactersRoundTrip() {
        try (OutboxTables tables = new OutboxTables(database())) {
            ShowId show = ShowId.of("show, \"quoted\" 'too' 3:abc 🎭");
            List<String> numbers = List.of("1:x", "a,b", "\"'", "🎭🎟", "x".repeat(128), "[\"A1\"]", "\\n");
            tables.repository().addSeats(show, numbers);
            ClaimResult.Claimed claimed = (ClaimResult.Claimed) tables.repository().claim(
                    ClaimRequest.book(show, UserId.of("üser ✓"), numbers));
            Notice notice = only(notices(tables.outbox()), Notice.Kind.BOOKED);
            assertThat(notice.seats()).containsExactlyElementsOf(claimed.seats());
            assertThat(notice.user()).isEqualTo(UserId.of("üser ✓"));
        }
    }

    private static Notice refused(String id, Instant at) {
        return new Notice(id, Notice.Kind.REFUSED, UserId.of("ann"), BookingReference.generate(),
                List.of(SeatId.of("show", "A1")), null, "TAKEN", at);
    }

    @Test
    void appendIfAbsentAppendsOnceEvenWhenManyCallersRace() throws Exception {
        try (OutboxTables tables = new OutboxTables(database())) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Notice notice = refused("req-1", now);
            assertThat(tables.outbox().appendIfAbsent(notice)).isTrue();
            assertThat(tables.outbox().appendIfAbsent(notice)).isFalse();
            OutboxRecord record = tables.outbox().find("req-1").orElseThrow();
            assertThat(record).isEqualTo(new OutboxRecord(notice, OutboxState.PENDING, 0, now, null, null));

            int callers = 8;
            CyclicBarrier gate = new CyclicBarrier(callers);
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<Boolean>> appended = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    appended.add(threads.submit(() -> {
                        gate.await();
                        return tables.outbox().appendIfAbsent(refused("req-2", now));
                    }));
                }
                int won = 0;
                for (Future<Boolean> result : appended) {
                    won += result.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
                assertThat(tables.outbox().count(OutboxState.PENDING)).isEqualTo(2);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void claimsAreLeasesAndOnlyTheLeaseHolderMarksWhileItLasts() {
        try (OutboxTables tables = new OutboxTables(database())) {
            JdbcOutbox outbox = tables.outbox();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < 5; i++) {
                outbox.appendIfAbsent(refused("n" + i, t0.plusMillis(i)));
            }
            Instant now = t0.plusSeconds(1);
            List<OutboxRecord> first = outbox.claimDue("relay-a", 3, now, now.plusSeconds(60));
            assertThat(first).extracting(OutboxRecord::id).containsExactly("n0", "n1", "n2");
            assertThat(first).allSatisfy(record -> assertThat(record.attempts()).isEqualTo(1));
            assertThat(tables.secondOutbox().claimDue("relay-b", 10, now, now.plusSeconds(60)))
                    .extracting(OutboxRecord::id).containsExactly("n3", "n4");
            assertThat(outbox.claimDue("relay-c", 10, now.plusSeconds(30), now.plusSeconds(90))).isEmpty();

            assertThat(outbox.markSent("n0", "relay-b", now)).as("a foreign lease").isFalse();
            assertThat(outbox.markSent("n0", "relay-a", now.plusSeconds(61))).as("an ended lease").isFalse();
            assertThat(outbox.markSent("n0", "relay-a", now.plusSeconds(1))).isTrue();
            assertThat(outbox.markSent("n0", "relay-a", now.plusSeconds(1))).as("sent already").isFalse();
            OutboxRecord sent = outbox.find("n0").orElseThrow();
            assertThat(sent.state()).isEqualTo(OutboxState.SENT);
            assertThat(sent.sentAt()).isEqualTo(now.plusSeconds(1));

            // relay-a's lease on n1 and n2 ends: another relay claims them again, counting a second attempt
            List<OutboxRecord> again = tables.secondOutbox().claimDue("relay-c", 10, now.plusSeconds(60),
                    now.plusSeconds(120));
            assertThat(again).extracting(OutboxRecord::id).containsExactly("n1", "n2", "n3", "n4");
            assertThat(again.get(0).attempts()).isEqualTo(2);
            assertThat(outbox.markRetry("n1", "relay-a", now, "late")).isFalse();
            assertThat(outbox.markDead("n1", "relay-a", "late")).isFalse();
            assertThat(outbox.find("n1").orElseThrow().state()).isEqualTo(OutboxState.PENDING);
        }
    }

    @Test
    void retriesDeadLettersRequeueAndPurge() {
        try (OutboxTables tables = new OutboxTables(database())) {
            JdbcOutbox outbox = tables.outbox();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
            outbox.appendIfAbsent(refused("r", t0));
            outbox.appendIfAbsent(refused("d", t0));
            outbox.appendIfAbsent(refused("s", t0));
            Instant now = t0.plusSeconds(1);
            Instant lease = now.plus(Duration.ofDays(365));
            assertThat(outbox.claimDue("relay", 10, now, lease)).hasSize(3);
            String longError = "é".repeat(999) + "😀";
            assertThat(outbox.markRetry("r", "relay", now.plusSeconds(30), longError)).isTrue();
            assertThat(outbox.markDead("d", "relay", "550 no such user")).isTrue();
            assertThat(outbox.markSent("s", "relay", now)).isTrue();

            OutboxRecord retried = outbox.find("r").orElseThrow();
            assertThat(retried.state()).isEqualTo(OutboxState.PENDING);
            assertThat(retried.nextAttemptAt()).isEqualTo(now.plusSeconds(30));
            assertThat(retried.lastError()).isEqualTo("é".repeat(999)).as("cut before the surrogate pair");
            assertThat(outbox.claimDue("relay", 10, now.plusSeconds(29), lease)).as("not due yet").isEmpty();
            assertThat(outbox.claimDue("relay", 10, now.plusSeconds(30), lease)).extracting(OutboxRecord::attempts)
                    .containsExactly(2);

            assertThat(outbox.list(OutboxState.DEAD, 10)).singleElement().satisfies(record -> {
                assertThat(record.id()).isEqualTo("d");
                assertThat(record.lastError()).isEqualTo("550 no such user");
            });
            assertThat(outbox.count(OutboxState.DEAD)).isEqualTo(1);
            assertThat(outbox.requeue("s")).as("not dead").isFalse();
            assertThat(outbox.requeue("d")).isTrue();
            assertThat(outbox.requeue("d")).isFalse();
            OutboxRecord requeued = outbox.find("d").orElseThrow();
            assertThat(requeued.state()).isEqualTo(OutboxState.PENDING);
            assertThat(requeued.attempts()).isZero();
            assertThat(outbox.claimDue("relay-2", 10, now, lease)).extracting(OutboxRecord::id).containsExactly("d");
            assertThat(outbox.markDead("d", "relay-2", "again")).isTrue();

            assertThat(outbox.purge(OutboxState.SENT, t0, 10)).as("written at t0, not before").isZero();
            assertThat(outbox.purge(OutboxState.DEAD, now, 10)).isEqualTo(1);
            assertThat(outbox.purge(OutboxState.SENT, now, 10)).isEqualTo(1);
            assertThat(outbox.find("r")).as("pending records are never purged").isPresent();
            assertThatThrownBy(() -> outbox.purge(OutboxState.PENDING, now, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");

            for (int i = 0; i < 5; i++) {
                outbox.appendIfAbsent(refused("p" + i, t0));
            }
            outbox.claimDue("relay", 10, now, lease).forEach(record -> outbox.markSent(record.id(), "relay", now));
            assertThat(outbox.purge(OutboxState.SENT, now, 2)).as("at most limit").isEqualTo(2);
            assertThat(outbox.count(OutboxState.SENT)).isEqualTo(3);
        }
    }

    @Test
    void aClaimSkipsRowsAnotherTransactionHasLockedInsteadOfWaiting() throws Exception {
        try (OutboxTables tables = new OutboxTables(database())) {
            JdbcOutbox outbox = tables.outbox();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
            outbox.appendIfAbsent(refused("locked", t0));
            outbox.appendIfAbsent(refused("free", t0.plusMillis(1)));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try (Connection holder = tables.pool().getConnection()) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement(
                        "SELECT id FROM " + tables.quotedOutbox() + " WHERE id = 'locked' FOR UPDATE");
                     ResultSet rs = lock.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
                Instant now = t0.plusSeconds(1);
                // on a second pool, as another relay; the row lock stays held until the claim has answered
                Future<List<OutboxRecord>> claim = other.submit(
                        () -> tables.secondOutbox().claimDue("relay-b", 10, now, now.plusSeconds(60)));
                assertThat(claim.get(2, TimeUnit.MINUTES)).extracting(OutboxRecord::id).containsExactly("free");
                holder.rollback();
                assertThat(outbox.claimDue("relay-a", 10, now, now.plusSeconds(60))).extracting(OutboxRecord::id)
                        .containsExactly("locked");
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void aFailedNoticeInsertRollsTheChangeBackAndAFailedCommitLosesBoth() {
        try (OutboxTables tables = new OutboxTables(database())) {
            ShowId show = ShowId.of("atomic");
            tables.repository().addSeats(show, List.of("A1", "A2", "A3"));
            aFailedNoticeInsertRollsTheChangeBack(tables, tables.repository(), show);
            tables.execute("ALTER TABLE " + tables.quotedOutbox() + " DROP "
                    + (tables.dialect() == Dialect.MARIADB ? "CONSTRAINT `no_booked`" : "CONSTRAINT \"no_booked\""));

            // the commit of change and notice fails: neither is stored
            FaultInjectingDataSource faults = new FaultInjectingDataSource(tables.pool());
            JdbcSeatRepository faulty = JdbcSeatRepository.builder(faults).table(tables.seatTable())
                    .dialect(tables.dialect()).outbox(JdbcOutbox.builder(faults).table(tables.outboxTable())
                            .dialect(tables.dialect()).build()).build();
            faults.hook().failNextCommits(1);
            assertThatThrownBy(() -> faulty.tryBook(show.seat("A3"), UserId.of("bob")))
                    .isInstanceOf(BookingException.class);
            assertThat(faults.hook().injected()).isEqualTo(1);
            assertThat(tables.repository().findSeat(show.seat("A3")).orElseThrow().isEmpty()).isTrue();
            assertThat(notices(tables.outbox())).isEmpty();
            assertThat(faulty.tryBook(show.seat("A3"), UserId.of("bob"))).isInstanceOf(BookingResult.Booked.class);
            assertThat(notices(tables.outbox())).hasSize(1);
        }
    }

    /**
     * The checker: with the outbox refusing BOOKED notices (a CHECK constraint), so that the INSERT
     * of the notice fails after the seat's UPDATE succeeded, {@code subject}'s tryBook and claim of
     * seats A1 and A2 of {@code show} leave both seats empty and the outbox empty.
     */
    static void aFailedNoticeInsertRollsTheChangeBack(OutboxTables tables, SeatRepository subject, ShowId show) {
        tables.execute("ALTER TABLE " + tables.quotedOutbox() + " ADD CONSTRAINT "
                + (tables.dialect() == Dialect.MARIADB ? "`no_booked`" : "\"no_booked\"")
                + " CHECK (kind <> 'BOOKED')");
        try {
            subject.tryBook(show.seat("A1"), UserId.of("ann"));
        } catch (BookingException expected) {
            // the change failed with its notice
        }
        try {
            subject.claim(ClaimRequest.book(show, UserId.of("ann"), "A1", "A2"));
        } catch (BookingException expected) {
            // the change failed with its notice
        }
        assertThat(subject.listSeats(show)).as("no change without its notice")
                .allSatisfy(seat -> assertThat(seat.isEmpty()).isTrue());
        assertThat(notices(tables.outbox())).isEmpty();
    }

    @Test
    void anOutboxOnAnotherDataSourceIsRefused() {
        try (OutboxTables tables = new OutboxTables(database())) {
            JdbcOutbox elsewhere = JdbcOutbox.builder(new FaultInjectingDataSource(tables.pool()))
                    .dialect(tables.dialect()).build();
            assertThatThrownBy(() -> JdbcSeatRepository.builder(tables.pool()).outbox(elsewhere))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("outbox");
            assertThatThrownBy(() -> JdbcSeatRepository.builder(tables.pool()).outbox(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox");
            assertThat(tables.outbox().schemaSql()).contains(tables.outboxTable())
                    .isEqualTo(JdbcOutbox.schemaSql(tables.dialect(), tables.outboxTable()));
            tables.outbox().createSchema(); // again: IF NOT EXISTS
        }
    }
}
