package dev.booking.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
import dev.booking.core.SeatStatus;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.mongo.internal.NoticeMapping;
import dev.booking.tck.Race;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notices a crash leaves on seat documents (simulated by a fault in the copy that follows the
 * seat's write) reach the outbox exactly once: by {@link MongoSeatRepository#recoverNotices}, by a
 * relay's {@link MongoOutbox#claimDue}, and while changes and other recovery passes run alongside.
 */
class MongoOutboxRecoveryTest {

    private static final String DATABASE = "booking_recovery";
    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final UserId ANN = UserId.of("ann");

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private final List<BookingEvent> events = new CopyOnWriteArrayList<>();
    private FaultInjectingMongoClient faulty;
    private MongoOutbox outbox;
    private MongoSeatRepository seats;
    private MongoCollection<Document> raw;

    @BeforeEach
    void build() {
        String name = "recovery_" + UUID.randomUUID().toString().replace("-", "");
        faulty = new FaultInjectingMongoClient(mongo.client());
        // the copy into the outbox goes through the faulty client; the seat's own write does not
        outbox = MongoOutbox.builder(faulty.client()).database(DATABASE).collection(name + "_outbox").build();
        seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE).collection(name)
                .listener(events::add).outbox(outbox).build();
        seats.createIndexes();
        seats.addSeats(SHOW, List.of("A1", "A2", "A3"));
        raw = mongo.client().getDatabase(DATABASE).getCollection(name);
    }

    private long seatsCarryingNotices() {
        return raw.countDocuments(Filters.exists(NoticeMapping.SEAT_OUTBOX_ID));
    }

    @Test
    void aNoticeLeftOnTheSeatIsRecoveredOnce() {
        faulty.hook().failNextCommits(1);   // the insert into the outbox fails: as if the process died there
        assertThat(seats.tryBook(SHOW.seat("A1"), ANN)).isInstanceOf(BookingResult.Booked.class);
        assertThat(faulty.hook().injected()).isEqualTo(1);
        assertThat(outbox.count(OutboxState.PENDING)).isZero();
        assertThat(seatsCarryingNotices()).isEqualTo(1);

        assertThat(seats.recoverNotices(100)).isEqualTo(1);
        assertThat(seats.recoverNotices(100)).isZero();

        assertThat(seatsCarryingNotices()).isZero();
        assertThat(outbox.list(OutboxState.PENDING, 10)).singleElement().satisfies(record -> {
            assertThat(record.notice().kind()).isEqualTo(Notice.Kind.BOOKED);
            assertThat(record.notice().user()).isEqualTo(ANN);
            assertThat(record.notice().reference()).isEqualTo(events.get(0).reference());
        });
    }

    @Test
    void aCopyWhoseAcknowledgementWasLostIsNotCopiedTwice() {
        faulty.hook().loseNextAcknowledgements(1);   // the insert is made, its reply lost: the pull never runs
        assertThat(seats.claim(ClaimRequest.book(SHOW, ANN, "A1", "A2"))).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(1);
        assertThat(seatsCarryingNotices()).isEqualTo(1);

        assertThat(seats.recoverNotices(100)).isEqualTo(1);

        assertThat(seatsCarryingNotices()).isZero();
        assertThat(outbox.count(OutboxState.PENDING)).isEqualTo(1);
        assertThat(outbox.list(OutboxState.PENDING, 10).get(0).notice().seats()).hasSize(2);
    }

    @Test
    void aRelayOnTheRepositorysOutboxRecoversByItself() {
        faulty.hook().failNextCommits(1);
        seats.tryBook(SHOW.seat("A1"), ANN);
        assertThat(outbox.count(OutboxState.PENDING)).isZero();

        Instant now = Instant.now().plusSeconds(1);
        List<OutboxRecord> claimed = outbox.claimDue("relay-1", 10, now, now.plusSeconds(60));

        assertThat(claimed).singleElement().satisfies(record -> assertThat(record.notice().user()).isEqualTo(ANN));
        assertThat(seatsCarryingNotices()).isZero();
    }

    @Test
    void aClaimUndoneAfterItsLastWriteLeavesNoNotice() {
        LosingSettleAcknowledgement losing = new LosingSettleAcknowledgement(mongo.client());
        String name = "undone_" + UUID.randomUUID().toString().replace("-", "");
        MongoOutbox undoneOutbox = MongoOutbox.builder(mongo.client()).database(DATABASE).collection(name + "_outbox").build();
        MongoSeatRepository undone = MongoSeatRepository.builder(losing.client()).database(DATABASE).collection(name)
                .outbox(undoneOutbox).build();
        undone.addSeats(SHOW, List.of("A1", "A2"));

        // the settling write of A2 is made with the notice, its reply lost: the claim undoes both seats
        assertThatThrownBy(() -> undone.claim(ClaimRequest.book(SHOW, ANN, "A1", "A2")))
                .isInstanceOf(BookingException.class);
        assertThat(losing.fired()).isTrue();

        assertThat(undone.findSeat(SHOW.seat("A2")).orElseThrow().status()).isEqualTo(SeatStatus.EMPTY);
        assertThat(mongo.client().getDatabase(DATABASE).getCollection(name)
                .countDocuments(Filters.exists(NoticeMapping.SEAT_OUTBOX_ID))).isZero();
        assertThat(undone.recoverNotices(100)).isZero();
        assertThat(undoneOutbox.count(OutboxState.PENDING)).isZero();
    }

    /** A repository on {@link #seats}' collection and outbox whose first write carrying notices loses its acknowledgement. */
    private MongoSeatRepository losingOnce(LosingSettleAcknowledgement losing) {
        return MongoSeatRepository.builder(losing.client()).database(DATABASE).collection(seats.collection())
                .listener(events::add).outbox(outbox).build();
    }

    @Test
    void aConfirmationUndoneAfterItsLastWriteLeavesNoNoticeAndTheNextOneTellsOnce() {
        ClaimResult.Claimed hold = (ClaimResult.Claimed) seats.claim(
                ClaimRequest.hold(SHOW, ANN, Duration.ofMinutes(10), "A1", "A2"));
        LosingSettleAcknowledgement losing = new LosingSettleAcknowledgement(mongo.client());
        MongoSeatRepository confirming = losingOnce(losing);

        assertThatThrownBy(() -> confirming.confirm(hold.reference(), ANN)).isInstanceOf(BookingException.class);
        assertThat(losing.fired()).isTrue();
        assertThat(seats.findSeat(SHOW.seat("A2")).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
        assertThat(seatsCarryingNotices()).isZero();

        confirming.confirm(hold.reference(), ANN);
        seats.recoverNotices(100);
        assertThat(outbox.list(OutboxState.PENDING, 10)).extracting(record -> record.notice().kind())
                .containsExactly(Notice.Kind.HELD, Notice.Kind.CONFIRMED);
        assertThat(outbox.list(OutboxState.PENDING, 10).get(1).notice().seats()).hasSize(2);
    }

    @Test
    void aReleaseWhoseLastWriteLostItsAcknowledgementTellsOnce() {
        ClaimResult.Claimed booked = (ClaimResult.Claimed) seats.claim(ClaimRequest.book(SHOW, ANN, "A1", "A2"));
        LosingSettleAcknowledgement losing = new LosingSettleAcknowledgement(mongo.client());

        assertThatThrownBy(() -> losingOnce(losing).release(booked.reference(), ANN))
                .isInstanceOf(BookingException.class);
        assertThat(losing.fired()).isTrue();
        seats.recoverNotices(100);

        assertThat(seats.findSeat(SHOW.seat("A2")).orElseThrow().status()).isEqualTo(SeatStatus.EMPTY);
        assertThat(outbox.list(OutboxState.PENDING, 10)).extracting(record -> record.notice().kind())
                .containsExactly(Notice.Kind.BOOKED, Notice.Kind.RELEASED);
        assertThat(outbox.list(OutboxState.PENDING, 10).get(1).notice().seats()).hasSize(2);
        assertThat(seatsCarryingNotices()).isZero();
    }

    @Test
    void recoveryRacingTheChangesCopiesEachNoticeOnce() {
        int seatsCount = 40;
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < seatsCount; i++) {
            numbers.add("B" + i);
        }
        seats.addSeats(SHOW, numbers);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger changers = new AtomicInteger(8);
        // callers 0 and 1 recover in a loop while the others book and release
        List<Race.Attempt<Integer>> attempts = Race.run(10, i -> () -> {
            int work = 0;
            if (i < 2) {
                while (!done.get()) {
                    work += seats.recoverNotices(50);
                }
                return work;
            }
            try {
                for (int n = i - 2; n < seatsCount; n += 8) {
                    UserId user = UserId.of("user" + i);
                    if (seats.tryBook(SHOW.seat("B" + n), user) instanceof BookingResult.Booked) {
                        seats.release(SHOW.seat("B" + n), user);
                    }
                    work++;
                }
                return work;
            } finally {
                if (changers.decrementAndGet() == 0) {
                    done.set(true);
                }
            }
        }, Duration.ofMinutes(3));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        seats.recoverNotices(1000);

        assertThat(events).hasSize(2 * seatsCount);
        List<String> ids = outbox.list(OutboxState.PENDING, 1000).stream().map(OutboxRecord::id).toList();
        assertThat(ids).hasSize(events.size()).doesNotHaveDuplicates();
        assertThat(seatsCarryingNotices()).isZero();
    }
}
