package dev.booking.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notices a repository built with a {@link MongoOutbox} writes: one per event the listener is
 * told, with the event's content, none for answers that change nothing, and none left on the seat
 * documents once the call has returned.
 */
class MongoOutboxNoticesTest {

    private static final String DATABASE = "booking_notices";
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");
    private static final ShowId SHOW = ShowId.of("hamlet");

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final List<BookingEvent> events = new CopyOnWriteArrayList<>();
    private MongoOutbox outbox;
    private MongoSeatRepository seats;
    private MongoCollection<Document> raw;

    @BeforeEach
    void build() {
        String name = "notices_" + UUID.randomUUID().toString().replace("-", "");
        outbox = MongoOutbox.builder(mongo.client()).database(DATABASE).collection(name + "_outbox").clock(clock).build();
        outbox.createIndexes();
        seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE).collection(name).clock(clock)
                .listener(events::add).outbox(outbox).build();
        seats.createIndexes();
        seats.addSeats(SHOW, List.of("A1", "A2", "A3", "A4"));
        raw = mongo.client().getDatabase(DATABASE).getCollection(name);
    }

    /** Every pending record's notice, oldest first. */
    private List<Notice> notices() {
        return outbox.list(OutboxState.PENDING, 1000).stream().map(OutboxRecord::notice).toList();
    }

    /**
     * Checks that the notices are exactly the listener's events (in any order: notices written by one
     * change share their creation time) and that no seat carries one still.
     */
    private void assertNoticesMatchEvents() {
        List<String> told = notices().stream().map(notice -> notice.kind().name() + " " + notice.user() + " "
                + notice.reference() + " " + notice.seats() + " " + notice.holdExpiresAt()).toList();
        List<String> happened = events.stream().map(event -> event.type().name() + " " + event.owner() + " "
                + event.reference() + " " + event.seats().stream().sorted().toList() + " " + event.holdExpiresAt())
                .toList();
        assertThat(told).containsExactlyInAnyOrderElementsOf(happened);
        assertThat(raw.countDocuments(Filters.exists(NoticeMapping.SEAT_OUTBOX_ID))).isZero();
    }

    private void tick() {
        // notices are listed by creation time: keep each change's apart
        clock.advance(Duration.ofMillis(1));
    }

    @Test
    void everyChangeWritesOneNoticePerEvent() {
        assertThat(seats.tryBook(SHOW.seat("A1"), ANN)).isInstanceOf(BookingResult.Booked.class);
        tick();
        ClaimResult held = seats.claim(ClaimRequest.hold(SHOW, BOB, Duration.ofMinutes(5), "A2", "A3"));
        assertThat(held).isInstanceOf(ClaimResult.Claimed.class);
        BookingReference holdReference = ((ClaimResult.Claimed) held).reference();
        tick();
        assertThat(seats.confirm(holdReference, BOB)).isInstanceOf(ConfirmResult.Confirmed.class);
        tick();
        assertThat(seats.release(holdReference, BOB)).isInstanceOf(ReleaseResult.Released.class);
        tick();
        assertThat(seats.release(SHOW.seat("A1"), ANN)).isInstanceOf(ReleaseResult.Released.class);
        tick();
        assertThat(seats.claim(ClaimRequest.book(SHOW, ANN, "A3"))).isInstanceOf(ClaimResult.Claimed.class);

        assertThat(events).extracting(BookingEvent::type).containsExactly(BookingEvent.Type.BOOKED,
                BookingEvent.Type.HELD, BookingEvent.Type.CONFIRMED, BookingEvent.Type.RELEASED,
                BookingEvent.Type.RELEASED, BookingEvent.Type.BOOKED);
        assertNoticesMatchEvents();
    }

    @Test
    void answersThatChangeNothingWriteNone() {
        seats.tryBook(SHOW.seat("A1"), ANN);
        int before = notices().size();
        assertThat(seats.tryBook(SHOW.seat("A1"), BOB)).isInstanceOf(BookingResult.Taken.class);
        assertThat(seats.tryBook(SHOW.seat("A1"), ANN)).isInstanceOf(BookingResult.AlreadyYours.class);
        assertThat(seats.tryBook(SHOW.seat("Z9"), ANN)).isInstanceOf(BookingResult.NoSuchSeat.class);
        assertThat(seats.claim(ClaimRequest.book(SHOW, BOB, "A1", "A2"))).isInstanceOf(ClaimResult.Unavailable.class);
        assertThat(seats.release(SHOW.seat("A1"), BOB)).isInstanceOf(ReleaseResult.NotYours.class);
        assertThat(seats.sweepExpiredHolds(100)).isZero();
        assertThat(notices()).hasSize(before).hasSize(1);
        assertNoticesMatchEvents();
    }

    @Test
    void lapsedHoldsAreToldExpiredBySweepAndByTakeover() {
        seats.claim(ClaimRequest.hold(SHOW, ANN, Duration.ofMinutes(1), "A1"));
        seats.claim(ClaimRequest.hold(SHOW, ANN, Duration.ofMinutes(1), "A2", "A3"));
        seats.claim(ClaimRequest.hold(SHOW, BOB, Duration.ofMinutes(1), "A4"));
        clock.advance(Duration.ofMinutes(2));

        assertThat(seats.tryBook(SHOW.seat("A1"), BOB)).isInstanceOf(BookingResult.Booked.class);   // takeover, one seat
        tick();
        assertThat(seats.claim(ClaimRequest.book(SHOW, BOB, "A2", "A3"))).isInstanceOf(ClaimResult.Claimed.class); // group
        tick();
        assertThat(seats.sweepExpiredHolds(100)).isEqualTo(1);   // A4

        assertThat(events).extracting(BookingEvent::type).containsExactly(BookingEvent.Type.HELD,
                BookingEvent.Type.HELD, BookingEvent.Type.HELD, BookingEvent.Type.EXPIRED, BookingEvent.Type.BOOKED,
                BookingEvent.Type.EXPIRED, BookingEvent.Type.EXPIRED, BookingEvent.Type.BOOKED, BookingEvent.Type.EXPIRED);
        assertNoticesMatchEvents();
    }

    @Test
    void theRaceForOneSeatWritesOneNoticeForTheWinner() {
        int racers = 64;
        List<Race.Attempt<BookingResult>> attempts = Race.run(racers,
                i -> () -> seats.tryBook(SHOW.seat("A1"), UserId.of("user" + i)), Duration.ofMinutes(2));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        List<BookingResult> booked = attempts.stream().map(Race.Attempt::value)
                .filter(BookingResult.Booked.class::isInstance).toList();
        assertThat(booked).hasSize(1);
        BookingResult.Booked winner = (BookingResult.Booked) booked.get(0);
        assertThat(notices()).singleElement().satisfies(notice -> {
            assertThat(notice.kind()).isEqualTo(Notice.Kind.BOOKED);
            assertThat(notice.user()).isEqualTo(winner.owner());
            assertThat(notice.reference()).isEqualTo(winner.reference());
            assertThat(notice.seats()).containsExactly(SeatId.of("hamlet", "A1"));
        });
        assertNoticesMatchEvents();
    }

    @Test
    void concurrentTakeoversOfOneLapsedHoldTellItExpiredOnce() {
        seats.claim(ClaimRequest.hold(SHOW, ANN, Duration.ofMinutes(1), "A1"));
        clock.advance(Duration.ofMinutes(2));
        int racers = 32;
        List<Race.Attempt<Object>> attempts = Race.run(racers, i -> () -> i % 4 == 0
                ? seats.sweepExpiredHolds(10) : seats.tryBook(SHOW.seat("A1"), UserId.of("user" + i)),
                Duration.ofMinutes(2));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.failure()).isNull());
        assertThat(notices()).filteredOn(notice -> notice.kind() == Notice.Kind.EXPIRED).singleElement()
                .satisfies(notice -> assertThat(notice.user()).isEqualTo(ANN));
        assertThat(notices()).filteredOn(notice -> notice.kind() == Notice.Kind.BOOKED).hasSizeLessThanOrEqualTo(1);
        assertThat(notices()).hasSameSizeAs(events);
        assertThat(raw.countDocuments(Filters.exists(NoticeMapping.SEAT_OUTBOX_ID))).isZero();
    }
}
