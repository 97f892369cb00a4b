package dev.booking.core.outbox;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemoryOutbox;
import dev.booking.core.outbox.spi.OutboxStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OutboxRelayTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryOutbox outbox = new InMemoryOutbox(clock);

    @Test
    void backoffDoublesFromTheFirstWaitUpToTheCap() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(10);

        assertThat(OutboxRelay.backoff(1, first, max, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(OutboxRelay.backoff(2, first, max, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(OutboxRelay.backoff(3, first, max, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(OutboxRelay.backoff(4, first, max, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(OutboxRelay.backoff(5, first, max, 0)).isEqualTo(max);
        assertThat(OutboxRelay.backoff(1000, first, max, 0)).isEqualTo(max);
        assertThat(OutboxRelay.backoff(Integer.MAX_VALUE, first, max, 0)).isEqualTo(max);
    }

    @Test
    void jitterDrawsBetweenHalfAndAllOfTheWait() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(10);
        for (int attempts = 1; attempts <= 15; attempts++) {
            Duration full = OutboxRelay.backoff(attempts, first, max, 0);
            assertThat(OutboxRelay.backoff(attempts, first, max, 0.999_999)).as("attempt %d, drawn low", attempts)
                    .isGreaterThanOrEqualTo(full.dividedBy(2)).isLessThan(full);
            assertThat(OutboxRelay.backoff(attempts, first, max, 0.5)).as("attempt %d, drawn midway", attempts)
                    .isEqualTo(Duration.ofNanos(full.toNanos() - full.toNanos() / 4));
            assertThat(OutboxRelay.backoff(attempts + 1, first, max, 0.999_999)).as("attempt %d's lowest draw", attempts + 1)
                    .isGreaterThanOrEqualTo(OutboxRelay.backoff(attempts, first, max, 0).dividedBy(2));
        }
    }

    @Test
    void aRetriedRecordIsDueAfterTheBackoffAndDeadAfterMaxAttempts() {
        String id = append();
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay relay = relay(notice -> new DeliveryResult.RetryLater("down " + calls.incrementAndGet()))
                .backoff(Duration.ofSeconds(10), Duration.ofSeconds(30)).maxAttempts(3).build();

        assertThat(relay.runOnce()).isZero();
        OutboxRecord first = outbox.find(id).orElseThrow();
        assertThat(first.state()).isEqualTo(OutboxState.PENDING);
        assertThat(first.lastError()).isEqualTo("down 1");
        assertThat(Duration.between(T0, first.nextAttemptAt())).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));

        relay.runOnce();
        assertThat(calls).as("not called again before the record is due").hasValue(1);
        clock.set(first.nextAttemptAt());
        relay.runOnce();
        OutboxRecord second = outbox.find(id).orElseThrow();
        assertThat(Duration.between(first.nextAttemptAt(), second.nextAttemptAt()))
                .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        clock.set(second.nextAttemptAt());
        relay.runOnce();

        OutboxRecord dead = outbox.find(id).orElseThrow();
        assertThat(dead.state()).isEqualTo(OutboxState.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).startsWith("down 3");
        assertThat(relay.stats()).isEqualTo(new OutboxRelayStats(0, 2, 1, 0, 0));
    }

    @Test
    void aRejectedRecordIsDeadAtOnce() {
        String id = append();
        OutboxRelay relay = relay(notice -> new DeliveryResult.Rejected("550 unknown user")).build();

        relay.runOnce();

        OutboxRecord record = outbox.find(id).orElseThrow();
        assertThat(record.state()).isEqualTo(OutboxState.DEAD);
        assertThat(record.lastError()).isEqualTo("550 unknown user");
        assertThat(relay.stats().dead()).isEqualTo(1);
    }

    @Test
    void anExceptionOrNoAnswerFromTheDeliveryIsRetriedLater() {
        String throwing = append();
        String silent = append();
        OutboxRelay relay = relay(notice -> {
            if (notice.id().equals(throwing)) {
                throw new IllegalStateException("connection refused");
            }
            return null;
        }).build();

        assertThat(relay.runOnce()).isZero();

        OutboxRecord failed = outbox.find(throwing).orElseThrow();
        assertThat(failed.state()).isEqualTo(OutboxState.PENDING);
        assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: connection refused");
        assertThat(outbox.find(silent).orElseThrow().lastError()).isEqualTo("the delivery answered nothing");
        assertThat(relay.stats().retried()).isEqualTo(2);
    }

    @Test
    void aLongErrorIsCut() {
        String id = append();
        OutboxRelay relay = relay(notice -> new DeliveryResult.Rejected("x".repeat(5000))).build();

        relay.runOnce();

        assertThat(outbox.find(id).orElseThrow().lastError()).hasSize(OutboxRelay.MAX_ERROR_LENGTH);
    }

    @Test
    void aMarkAfterTheLeasePassedToAnotherRelayIsALostLease() {
        String id = append();
        OutboxRelay relay = relay(notice -> {
            clock.set(T0.plusSeconds(61));   // the delivery outlasts the lease; another relay claims the record
            assertThat(outbox.claimDue("other", 10, clock.instant(), clock.instant().plusSeconds(60))).hasSize(1);
            return DeliveryResult.DELIVERED;
        }).lease(Duration.ofSeconds(60)).build();

        assertThat(relay.runOnce()).isZero();

        assertThat(relay.stats()).isEqualTo(new OutboxRelayStats(0, 0, 0, 1, 0));
        assertThat(outbox.markSent(id, "other", clock.instant())).as("the other relay still holds it").isTrue();
    }

    @Test
    void runOncePurgesSentAndDeadRecordsPastTheRetentionAndNothingElse() {
        String pending = append("carl", T0.minus(Duration.ofDays(3)));
        assertThat(outbox.claimDue("someone-else", 1, T0, T0.plusSeconds(3600))).hasSize(1);   // the oldest: pending
        String sent = append("ann", T0.minus(Duration.ofDays(2)));
        String dead = append("dead", T0.minus(Duration.ofDays(2)));
        String recent = append("bob", T0);
        OutboxRelay relay = relay(notice -> notice.user().value().equals("dead")
                ? new DeliveryResult.Rejected("no") : DeliveryResult.DELIVERED)
                .retention(Duration.ofDays(1)).build();

        assertThat(relay.runOnce()).isEqualTo(2);

        assertThat(relay.stats().purged()).isEqualTo(2);
        assertThat(outbox.find(sent)).isEmpty();
        assertThat(outbox.find(dead)).isEmpty();
        assertThat(outbox.find(recent).orElseThrow().state()).isEqualTo(OutboxState.SENT);
        assertThat(outbox.find(pending).orElseThrow().state()).isEqualTo(OutboxState.PENDING);
    }

    @Test
    void startedThreadsDeliverEveryRecordOnce() {
        InMemoryOutbox live = new InMemoryOutbox();
        int records = 200;
        for (int i = 0; i < records; i++) {
            live.appendIfAbsent(notice("user-" + i, Instant.now()));
        }
        AtomicInteger deliveries = new AtomicInteger();
        OutboxRelay relay = OutboxRelay.builder(live, notice -> {
            deliveries.incrementAndGet();
            return DeliveryResult.DELIVERED;
        }).threads(3).batchSize(5).pollInterval(Duration.ofMillis(5)).build();
        try (relay) {
            relay.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (live.count(OutboxState.SENT) < records && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        assertThat(live.count(OutboxState.SENT)).isEqualTo(records);
        assertThat(deliveries).hasValue(records);
        assertThat(relay.stats().delivered()).isEqualTo(records);
    }

    @Test
    void closeWaitsForTheBatchUnderWay() throws Exception {
        InMemoryOutbox live = new InMemoryOutbox();
        live.appendIfAbsent(notice("ann", Instant.now()));
        live.appendIfAbsent(notice("bob", Instant.now()));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean deliveryFinished = new AtomicBoolean();
        AtomicBoolean closeReturnedAfterTheDelivery = new AtomicBoolean();
        OutboxRelay relay = OutboxRelay.builder(live, notice -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted: close must not interrupt a delivery");
            }
            deliveryFinished.set(true);
            return DeliveryResult.DELIVERED;
        }).batchSize(10).build().start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(() -> {
            relay.close();
            closeReturnedAfterTheDelivery.set(deliveryFinished.get());
        });
        closer.start();
        while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join();

        assertThat(closeReturnedAfterTheDelivery).as("close returned only after the delivery under way").isTrue();
        assertThat(live.count(OutboxState.SENT)).as("the whole batch was delivered and marked before close returned")
                .isEqualTo(2);
        assertThatIllegalStateException().isThrownBy(relay::start);
    }

    @Test
    void aRelayStartsOnce() {
        OutboxRelay relay = relay(notice -> DeliveryResult.DELIVERED).build();
        try (relay) {
            relay.start();
            assertThatIllegalStateException().isThrownBy(relay::start);
        }
    }

    @Test
    void theDefaultNameCarriesTheProcessIdAndDiffersPerRelay() {
        OutboxRelay one = OutboxRelay.builder(outbox, notice -> DeliveryResult.DELIVERED).build();
        OutboxRelay two = OutboxRelay.builder(outbox, notice -> DeliveryResult.DELIVERED).build();

        assertThat(one.name()).contains("-" + ProcessHandle.current().pid() + "-").isNotEqualTo(two.name());
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        OutboxRelay.Builder builder = OutboxRelay.builder(outbox, notice -> DeliveryResult.DELIVERED);

        assertThatIllegalArgumentException().isThrownBy(() -> OutboxRelay.builder(null, n -> DeliveryResult.DELIVERED))
                .withMessageContaining("store");
        assertThatIllegalArgumentException().isThrownBy(() -> OutboxRelay.builder(outbox, null))
                .withMessageContaining("delivery");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.threads(0)).withMessageContaining("threads");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.batchSize(0)).withMessageContaining("batchSize");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pollInterval(Duration.ZERO))
                .withMessageContaining("pollInterval");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.lease(Duration.ofSeconds(-1))).withMessageContaining("lease");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxAttempts(0)).withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(null, Duration.ofSeconds(1)))
                .withMessageContaining("first");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .withMessageContaining("max");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retention(null)).withMessageContaining("retention");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.relayName(" ")).withMessageContaining("relayName");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.relayName("a\nb")).withMessageContaining("relayName");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.clock(null)).withMessageContaining("clock");
    }

    private OutboxRelay.Builder relay(NoticeDelivery delivery) {
        return OutboxRelay.builder(outbox, delivery).relayName("test-relay").clock(clock);
    }

    private String append() {
        return append("ann", T0);
    }

    private String append(String user, Instant createdAt) {
        Notice notice = notice(user, createdAt);
        assertThat(outbox.appendIfAbsent(notice)).isTrue();
        return notice.id();
    }

    private static Notice notice(String user, Instant createdAt) {
        return new Notice(Notice.randomId(), Notice.Kind.BOOKED, UserId.of(user), BookingReference.generate(),
                List.of(SeatId.of("show", "A1")), null, null, createdAt);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
