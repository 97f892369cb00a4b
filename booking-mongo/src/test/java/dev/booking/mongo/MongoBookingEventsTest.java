package dev.booking.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.mongo.internal.SeatMapping;
import dev.booking.tck.Race;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the listener is told: what was stored (read from the collection itself while it is told),
 * on the thread that made the change, once per change, nothing for calls that changed nothing, and
 * a listener that throws (an exception or an error) undoes nothing and fails no call.
 */
class MongoBookingEventsTest {

    private static final String DATABASE = "booking_events";
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private static String freshCollection() {
        return "events_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A seat document as the collection has it. */
    private static BsonDocument document(MongoCollection<BsonDocument> raw, SeatId seat) {
        return raw.find(Filters.eq("_id", SeatMapping.key(seat))).first();
    }

    /**
     * Reads every seat of each event from the collection while it is told, and checks that the
     * stored fields are what the event says, so the event describes a change already made.
     */
    private static final class StoredFieldsListener implements BookingListener {

        private final MongoCollection<BsonDocument> raw;
        private final List<BookingEvent> events = new ArrayList<>();
        private final List<String> mismatches = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        StoredFieldsListener(MongoCollection<BsonDocument> raw) {
            this.raw = raw;
        }

        @Override
        public synchronized void onEvent(BookingEvent event) {
            events.add(event);
            threads.add(Thread.currentThread());
            for (SeatId seat : event.seats()) {
                BsonDocument stored = document(raw, seat);
                BsonDocument expected = switch (event.type()) {
                    case HELD -> new BsonDocument("status", new BsonString("HELD"))
                            .append("owner", new BsonString(event.owner().value()))
                            .append("reference", new BsonString(event.reference().value()))
                            .append("holdExpiresAt", new BsonDateTime(event.holdExpiresAt().toEpochMilli()));
                    case BOOKED, CONFIRMED -> new BsonDocument("status", new BsonString("BOOKED"))
                            .append("owner", new BsonString(event.owner().value()))
                            .append("reference", new BsonString(event.reference().value()))
                            .append("holdExpiresAt", BsonNull.VALUE);
                    case RELEASED, EXPIRED -> new BsonDocument("status", new BsonString("EMPTY"))
                            .append("owner", BsonNull.VALUE)
                            .append("reference", BsonNull.VALUE)
                            .append("holdExpiresAt", BsonNull.VALUE);
                };
                for (String field : expected.keySet()) {
                    if (!expected.get(field).equals(stored.get(field))) {
                        mismatches.add(event.type() + " of " + seat + ": " + field + " stored as " + stored.get(field)
                                + ", told " + expected.get(field));
                    }
                }
            }
        }
    }

    @Test
    void everyEventDescribesWhatIsStoredAndComesFromTheCallingThread() {
        String collection = freshCollection();
        MongoCollection<BsonDocument> raw = mongo.client().getDatabase(DATABASE).getCollection(collection,
                BsonDocument.class);
        StoredFieldsListener listener = new StoredFieldsListener(raw);
        MutableClock clock = MutableClock.atSomeInstant();
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(collection).clock(clock).listener(listener).build();
        ShowId show = ShowId.of("events-" + UUID.randomUUID());
        seats.addSeats(show, List.of("A1", "A2", "A3", "B1"));

        ClaimRequest hold = ClaimRequest.hold(show, ANN, Duration.ofMinutes(5), "A1", "A2");
        ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(hold);
        seats.confirm(hold.reference(), ANN);
        seats.release(show.seat("A1"), ANN);
        seats.release(hold.reference(), ANN);
        BookingResult.Booked booked = (BookingResult.Booked) seats.tryBook(show.seat("B1"), BOB);
        ClaimRequest brief = ClaimRequest.hold(show, BOB, Duration.ofSeconds(30), "A3");
        seats.claim(brief);
        clock.advance(Duration.ofSeconds(30));
        assertThat(seats.sweepExpiredHolds(10)).isEqualTo(1);

        assertThat(listener.mismatches).isEmpty();
        assertThat(listener.threads).containsOnly(Thread.currentThread());
        assertThat(listener.events).containsExactly(
                new BookingEvent(BookingEvent.Type.HELD, hold.reference(), ANN, hold.seats(), held.holdExpiresAt()),
                new BookingEvent(BookingEvent.Type.CONFIRMED, hold.reference(), ANN, hold.seats(), null),
                new BookingEvent(BookingEvent.Type.RELEASED, hold.reference(), ANN, List.of(show.seat("A1")), null),
                new BookingEvent(BookingEvent.Type.RELEASED, hold.reference(), ANN, List.of(show.seat("A2")), null),
                new BookingEvent(BookingEvent.Type.BOOKED, booked.reference(), BOB, List.of(show.seat("B1")), null),
                new BookingEvent(BookingEvent.Type.HELD, brief.reference(), BOB, brief.seats(),
                        clock.instant()),
                new BookingEvent(BookingEvent.Type.EXPIRED, brief.reference(), BOB, brief.seats(), null));
    }

    @Test
    void callsThatChangeNothingAreNeverTold() {
        RecordingListener listener = new RecordingListener();
        MutableClock clock = MutableClock.atSomeInstant();
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(freshCollection()).clock(clock).listener(listener).build();
        ShowId show = ShowId.of("quiet-" + UUID.randomUUID());
        seats.addSeats(show, List.of("A1", "A2", "A3"));
        ClaimRequest hold = ClaimRequest.hold(show, ANN, Duration.ofMinutes(5), "A1", "A2");
        seats.claim(hold);
        BookingReference brief = ((ClaimResult.Claimed) seats.hold(show.seat("A3"), ANN, Duration.ofSeconds(1)))
                .reference();
        listener.drain();

        assertThat(seats.claim(hold)).as("a replay").isInstanceOf(ClaimResult.Claimed.class);
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A2", "A3"))).isInstanceOf(ClaimResult.Unavailable.class);
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A9"))).isInstanceOf(ClaimResult.NoSuchSeats.class);
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A3").withReference(hold.reference())))
                .isInstanceOf(ClaimResult.ReferenceInUse.class);
        assertThat(seats.tryBook(show.seat("A1"), ANN)).isInstanceOf(BookingResult.AlreadyYours.class);
        assertThat(seats.tryBook(show.seat("A1"), BOB)).isInstanceOf(BookingResult.Taken.class);
        assertThat(seats.confirm(hold.reference(), BOB)).isInstanceOf(ConfirmResult.NotYours.class);
        assertThat(seats.release(hold.reference(), BOB)).isInstanceOf(ReleaseResult.NotYours.class);
        assertThat(seats.release(show.seat("A2"), BOB)).isInstanceOf(ReleaseResult.NotYours.class);
        assertThat(seats.sweepExpiredHolds(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(seats.confirm(brief, ANN)).isInstanceOf(ConfirmResult.Lapsed.class);
        assertThat(seats.release(brief, ANN)).isInstanceOf(ReleaseResult.NothingToRelease.class);
        assertThat(seats.release(show.seat("A3"), ANN)).isInstanceOf(ReleaseResult.NothingToRelease.class);
        assertThat(seats.confirm(hold.reference(), ANN)).isInstanceOf(ConfirmResult.Confirmed.class);
        listener.drain();
        assertThat(seats.confirm(hold.reference(), ANN)).as("confirmed again").isInstanceOf(ConfirmResult.Confirmed.class);

        assertThat(listener.events()).isEmpty();
    }

    @ParameterizedTest(name = "the listener throws {0}")
    @ValueSource(strings = {"exception", "error"})
    void aListenerThatThrowsUndoesNothingAndFailsNoCall(String what) {
        AtomicInteger told = new AtomicInteger();
        BookingListener throwing = event -> {
            told.incrementAndGet();
            if (what.equals("exception")) {
                throw new IllegalStateException("a listener that fails on purpose");
            }
            throw new AssertionError("a listener that fails on purpose");
        };
        MutableClock clock = MutableClock.atSomeInstant();
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(freshCollection()).clock(clock).listener(throwing).build();
        ShowId show = ShowId.of("throwing-" + UUID.randomUUID());
        seats.addSeats(show, List.of("A1", "A2", "B1", "C1"));

        ClaimRequest hold = ClaimRequest.hold(show, ANN, Duration.ofMinutes(5), "A1", "A2");
        ClaimResult held = seats.claim(hold);
        assertThat(held).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(seats.findSeat(show.seat("A2")).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
        assertThat(seats.claim(hold)).as("the claim stands: a repetition is a replay").isEqualTo(held);

        assertThat(seats.confirm(hold.reference(), ANN)).isInstanceOf(ConfirmResult.Confirmed.class);
        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().status()).isEqualTo(SeatStatus.BOOKED);

        assertThat(seats.release(show.seat("A1"), ANN)).isInstanceOf(ReleaseResult.Released.class);
        assertThat(seats.release(hold.reference(), ANN)).isInstanceOf(ReleaseResult.Released.class);
        assertThat(seats.listSeats(show)).filteredOn(state -> state.seat().number().startsWith("A"))
                .allSatisfy(state -> assertThat(state).isEqualTo(SeatState.empty(state.seat(), 3)));

        assertThat(seats.tryBook(show.seat("B1"), BOB)).isInstanceOf(BookingResult.Booked.class);
        assertThat(seats.findSeat(show.seat("B1")).orElseThrow().owner()).isEqualTo(BOB);

        seats.hold(show.seat("C1"), BOB, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(seats.sweepExpiredHolds(10)).isEqualTo(1);
        assertThat(seats.findSeat(show.seat("C1")).orElseThrow()).isEqualTo(SeatState.empty(show.seat("C1"), 2));

        // held, confirmed, released twice, booked, held, expired
        assertThat(told.get()).as("every change was still told").isEqualTo(7);
    }

    @Test
    void aThrowingListenerInARaceOfGroupClaimsLeavesEveryAcknowledgedGroupStored() {
        ConcurrentLinkedQueue<BookingEvent> heard = new ConcurrentLinkedQueue<>();
        BookingListener throwing = event -> {
            heard.add(event);
            throw new IllegalStateException("a listener that fails on purpose");
        };
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(freshCollection()).listener(throwing).build();
        ShowId show = ShowId.of("throwing-race-" + UUID.randomUUID());
        List<String> numbers = List.of("S0", "S1", "S2", "S3", "S4", "S5");
        seats.addSeats(show, numbers);
        int callers = 60;

        List<Race.Attempt<ClaimResult>> attempts = Race.run(callers, caller -> () -> seats.claim(ClaimRequest.book(show,
                UserId.of("user-" + caller), numbers.get(caller % 5), numbers.get(caller % 5 + 1))), Duration.ofMinutes(2));

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        List<ClaimResult.Claimed> claimed = attempts.stream().map(Race.Attempt::value)
                .filter(result -> result instanceof ClaimResult.Claimed).map(result -> (ClaimResult.Claimed) result)
                .toList();
        assertThat(claimed).isNotEmpty();
        for (ClaimResult.Claimed group : claimed) {
            assertThat(group.seats()).allSatisfy(seat -> assertThat(seats.findSeat(seat).orElseThrow().reference())
                    .isEqualTo(group.reference()));
        }
        assertThat(heard).hasSize(claimed.size());
    }
}
