package dev.booking.mongo;

import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.tck.Race;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MongoOutbox}'s primitives on the in-process server: what is stored reads back equal
 * (instants to the nanosecond), appends are idempotent under concurrency, racing claims never
 * share a record, and marks need the lease.
 */
class MongoOutboxStoreTest {

    private static final String DATABASE = "booking_outbox_store";
    private static final Instant T0 = Instant.parse("2030-05-17T19:30:00.123456789Z");

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private MongoOutbox outbox;

    @BeforeEach
    void build() {
        outbox = MongoOutbox.builder(mongo.client()).database(DATABASE)
                .collection("outbox_" + UUID.randomUUID().toString().replace("-", "")).build();
        outbox.createIndexes();
    }

    private static Notice notice(String id, Instant createdAt) {
        return new Notice(id, Notice.Kind.HELD, UserId.of("ann"), BookingReference.of("ref-" + id),
                List.of(SeatId.of("hamlet", "B2"), SeatId.of("hamlet", "A1")), createdAt.plusSeconds(600), null,
                createdAt);
    }

    @Test
    void aRecordReadsBackAsWritten() {
        Notice notice = notice("n1", T0);
        assertThat(outbox.appendIfAbsent(notice)).isTrue();
        assertThat(outbox.find("n1")).hasValue(new OutboxRecord(notice, OutboxState.PENDING, 0, T0, null, null));
        Notice refused = new Notice("n2", Notice.Kind.REFUSED, UserId.of("bob"), BookingReference.of("r2"),
                List.of(SeatId.of("hamlet", "A1")), null, "TAKEN", T0.plusNanos(1));
        outbox.appendIfAbsent(refused);
        assertThat(outbox.find("n2").orElseThrow().notice()).isEqualTo(refused);
        assertThat(outbox.find("missing")).isEmpty();
    }

    @Test
    void appendIfAbsentUnderConcurrencyAppendsOnce() {
        Notice notice = notice("same", T0);
        List<Race.Attempt<Boolean>> attempts = Race.run(16, i -> () -> outbox.appendIfAbsent(notice),
                Duration.ofMinutes(1));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        assertThat(attempts).filteredOn(attempt -> attempt.value()).hasSize(1);
        assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(1);
    }

    @Test
    void racingClaimsNeverShareARecordAndTakeTheOldestFirst() {
        for (int i = 0; i < 60; i++) {
            outbox.appendIfAbsent(notice("r" + i, T0.plusMillis(i)));
        }
        Instant now = T0.plusSeconds(1);
        ConcurrentHashMap<String, String> owners = new ConcurrentHashMap<>();
        List<Race.Attempt<Integer>> attempts = Race.run(6, i -> () -> {
            int claimed = 0;
            for (OutboxRecord record : outbox.claimDue("relay" + i, 7, now, now.plusSeconds(30))) {
                assertThat(owners.putIfAbsent(record.id(), "relay" + i)).isNull();
                assertThat(record.attempts()).isEqualTo(1);
                claimed++;
            }
            return claimed;
        }, Duration.ofMinutes(1));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        assertThat(owners).hasSize(42);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 42; i++) {
            expected.add("r" + i);
        }
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        // leased: nothing more before the leases end, the rest after
        assertThat(outbox.claimDue("late", 100, now, now.plusSeconds(30))).hasSize(18);
        assertThat(outbox.claimDue("later", 100, now.plusSeconds(29), now.plusSeconds(60))).isEmpty();
        assertThat(outbox.claimDue("after", 100, now.plusSeconds(30), now.plusSeconds(90))).hasSize(60)
                .allSatisfy(record -> assertThat(record.attempts()).isEqualTo(2));
    }

    @Test
    void marksNeedTheLease() {
        outbox.appendIfAbsent(notice("m", T0));
        Instant now = T0.plusSeconds(1);
        assertThat(outbox.markSent("m", "relay", now)).isFalse();   // never claimed
        outbox.claimDue("relay", 1, now, now.plusSeconds(30));
        assertThat(outbox.markSent("m", "other", now)).isFalse();
        assertThat(outbox.markDead("m", "other", "no")).isFalse();
        assertThat(outbox.markRetry("m", "relay", now.plusSeconds(5), "busy")).isTrue();
        assertThat(outbox.markRetry("m", "relay", now.plusSeconds(5), "busy")).isFalse();   // the lease ended
        assertThat(outbox.claimDue("relay", 1, now.plusSeconds(4), now.plusSeconds(30))).isEmpty();   // not due yet
        assertThat(outbox.claimDue("second", 1, now.plusSeconds(5), now.plusSeconds(60))).hasSize(1);
        assertThat(outbox.markSent("m", "relay", now.plusSeconds(6))).isFalse();
        assertThat(outbox.markSent("m", "second", now.plusSeconds(6))).isTrue();
        assertThat(outbox.find("m")).hasValueSatisfying(record -> {
            assertThat(record.state()).isEqualTo(OutboxState.SENT);
            assertThat(record.sentAt()).isEqualTo(now.plusSeconds(6));
            assertThat(record.attempts()).isEqualTo(2);
            assertThat(record.lastError()).isEqualTo("busy");
        });
    }

    @Test
    void deadRecordsAreListedCountedAndRequeued() {
        outbox.appendIfAbsent(notice("d", T0));
        Instant now = T0.plusSeconds(1);
        outbox.claimDue("relay", 1, now, now.plusSeconds(30));
        assertThat(outbox.markDead("d", "relay", "550 no such user")).isTrue();
        assertThat(outbox.count(OutboxState.DEAD)).isEqualTo(1);
        assertThat(outbox.list(OutboxState.DEAD, 10)).singleElement()
                .satisfies(record -> assertThat(record.lastError()).isEqualTo("550 no such user"));
        assertThat(outbox.claimDue("relay", 1, now.plusSeconds(60), now.plusSeconds(90))).isEmpty();
        assertThat(outbox.requeue("d")).isTrue();
        assertThat(outbox.requeue("d")).isFalse();
        assertThat(outbox.find("d").orElseThrow().attempts()).isZero();
        assertThat(outbox.claimDue("relay", 1, Instant.now().plusSeconds(1), Instant.now().plusSeconds(60))).hasSize(1);
    }

    @Test
    void purgeDeletesOnlyOldRecordsInTheStateAndAtMostTheLimit() {
        Instant now = T0.plusSeconds(1);
        for (int i = 0; i < 5; i++) {
            outbox.appendIfAbsent(notice("s" + i, T0.plusMillis(i)));
        }
        outbox.appendIfAbsent(notice("p", T0));
        for (OutboxRecord record : outbox.claimDue("relay", 5, now, now.plusSeconds(30))) {
            outbox.markSent(record.id(), "relay", now);
        }
        outbox.appendIfAbsent(notice("young", T0.plusSeconds(100)));
        // the oldest due record (s4) is claimed with it, and left pending
        assertThat(outbox.claimDue("relay", 2, T0.plusSeconds(100), T0.plusSeconds(130))).hasSize(2);
        assertThat(outbox.markSent("young", "relay", T0.plusSeconds(100))).isTrue();

        // five old records sent (p and s0..s3, the oldest), one old one pending (s4), one young one sent
        assertThat(outbox.purge(OutboxState.SENT, T0.plusSeconds(50), 3)).isEqualTo(3);
        assertThat(outbox.purge(OutboxState.SENT, T0.plusSeconds(50), 3)).isEqualTo(2);
        assertThat(outbox.purge(OutboxState.SENT, T0.plusSeconds(50), 3)).isZero();
        assertThat(outbox.purge(OutboxState.DEAD, T0.plusSeconds(50), 3)).isZero();
        assertThat(outbox.find("young")).isPresent();
        assertThat(outbox.find("s4").orElseThrow().state()).isEqualTo(OutboxState.PENDING);
        assertThat(outbox.count(OutboxState.SENT)).isEqualTo(1);
        assertThatThrownBy(() -> outbox.purge(OutboxState.PENDING, T0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state");
    }
}
