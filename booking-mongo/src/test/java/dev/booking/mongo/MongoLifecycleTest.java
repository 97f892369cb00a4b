package dev.booking.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.booking.core.BookingEvent;
import dev.booking.core.BookingException;
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
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle operations as this adapter stores them, one call at a time: the document fields of
 * holds, bookings and pending holds, the application clock as the only judge of expiry (a
 * {@link MutableClock} that moves only when told), replays, answers that write nothing, and what a
 * claim whose process died leaves behind. Each test has a collection of its own.
 */
class MongoLifecycleTest {

    private static final String DATABASE = "booking_lifecycle";
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @RegisterExtension
    static final InProcessMongoPerClass mongo = new InProcessMongoPerClass();

    private MutableClock clock;
    private RecordingListener listener;
    private MongoSeatRepository seats;
    private MongoCollection<BsonDocument> raw;
    private ShowId show;

    @BeforeEach
    void freshCollection() {
        String collection = "lifecycle_" + UUID.randomUUID().toString().replace("-", "");
        clock = MutableClock.atSomeInstant();
        listener = new RecordingListener();
        seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE).collection(collection)
                .clock(clock).listener(listener).build();
        seats.createIndexes();
        raw = mongo.client().getDatabase(DATABASE).getCollection(collection, BsonDocument.class);
        show = ShowId.of("lifecycle-" + UUID.randomUUID());
        seats.addSeats(show, List.of("A1", "A2", "A3", "A4"));
    }

    private BsonDocument stored(String number) {
        return raw.find(Filters.eq("_id", SeatMapping.key(show.seat(number)))).first();
    }

    private SeatState state(String number) {
        return seats.findSeat(show.seat(number)).orElseThrow();
    }

    // ---------------------------------------------------------------- what is stored

    @Test
    void aHoldStoresItsReferenceAndItsExpiryByTheApplicationClock() {
        ClaimResult result = seats.hold(show.seat("A1"), ANN, TEN_MINUTES);

        Instant expiresAt = clock.instant().plus(TEN_MINUTES);
        assertThat(result).isInstanceOfSatisfying(ClaimResult.Claimed.class, claimed -> {
            assertThat(claimed.status()).isEqualTo(SeatStatus.HELD);
            assertThat(claimed.holdExpiresAt()).isEqualTo(expiresAt);
        });
        BookingReference reference = ((ClaimResult.Claimed) result).reference();
        BsonDocument held = stored("A1");
        assertThat(held.get("status")).isEqualTo(new BsonString("HELD"));
        assertThat(held.get("owner")).isEqualTo(new BsonString("ann"));
        assertThat(held.get("reference")).isEqualTo(new BsonString(reference.value()));
        assertThat(held.get("holdExpiresAt")).isEqualTo(new BsonDateTime(expiresAt.toEpochMilli()));
        assertThat(held.get("version")).isEqualTo(new BsonInt64(1));
        assertThat(held.get("pending")).as("a one-seat claim is one write, never pending").isEqualTo(BsonBoolean.FALSE);
        assertThat(state("A1")).isEqualTo(new SeatState(show.seat("A1"), SeatStatus.HELD, ANN, reference, expiresAt, 1));
    }

    @Test
    void aGroupClaimEndsInItsFinalStateWithOneVersionStepAndNoPendingFlag() {
        ClaimRequest book = ClaimRequest.book(show, ANN, "A3", "A1", "A2");
        ClaimRequest hold = ClaimRequest.hold(show, BOB, TEN_MINUTES, "A4");

        assertThat(seats.claim(book)).isEqualTo(new ClaimResult.Claimed(book.reference(), ANN,
                book.seats(), SeatStatus.BOOKED, null));
        assertThat(seats.claim(hold)).isInstanceOf(ClaimResult.Claimed.class);

        for (String number : List.of("A1", "A2", "A3")) {
            BsonDocument booked = stored(number);
            assertThat(booked.get("status")).isEqualTo(new BsonString("BOOKED"));
            assertThat(booked.get("reference")).isEqualTo(new BsonString(book.reference().value()));
            assertThat(booked.get("holdExpiresAt")).isEqualTo(BsonNull.VALUE);
            assertThat(booked.get("pending")).as("seat %s", number).isEqualTo(BsonBoolean.FALSE);
            assertThat(booked.get("version")).as("pending hold and booking are one claim").isEqualTo(new BsonInt64(1));
        }
    }

    @Test
    void theHoldExpiryIsStoredInMillisecondsSoTheAnswerAndItsReplayEqualWhatIsStored() {
        clock.set(Instant.parse("2030-05-17T19:30:00.123456789Z"));
        ClaimRequest request = ClaimRequest.hold(show, ANN, Duration.ofNanos(1_500_000), "A1", "A2");

        ClaimResult first = seats.claim(request);

        Instant expected = Instant.parse("2030-05-17T19:30:00.124Z"); // .123456789 + 1.5 ms, truncated
        assertThat(first).isEqualTo(new ClaimResult.Claimed(request.reference(), ANN, request.seats(),
                SeatStatus.HELD, expected));
        assertThat(state("A1").holdExpiresAt()).isEqualTo(expected);
        assertThat(seats.claim(request)).as("the replay").isEqualTo(first);
    }

    // ---------------------------------------------------------------- the clock

    @Test
    void theInjectedClockAloneDecidesWhenAHoldExpires() {
        SeatId a1 = show.seat("A1");
        ClaimResult.Claimed held = (ClaimResult.Claimed) seats.hold(a1, ANN, TEN_MINUTES);

        clock.advance(TEN_MINUTES.minusMillis(1));
        assertThat(state("A1").status()).isEqualTo(SeatStatus.HELD);
        assertThat(seats.tryBook(a1, BOB)).isEqualTo(new BookingResult.Taken(a1));
        assertThat(seats.tryBook(a1, ANN)).isEqualTo(new BookingResult.AlreadyYours(a1, ANN, held.reference()));
        assertThat(seats.hold(a1, BOB, TEN_MINUTES)).isEqualTo(new ClaimResult.Unavailable(List.of(a1)));
        assertThat(seats.sweepExpiredHolds(100)).isZero();

        clock.advance(Duration.ofMillis(1)); // now exactly at the expiry: lapsed
        assertThat(state("A1")).as("a lapsed hold reads as empty, at its stored version")
                .isEqualTo(SeatState.empty(a1, 1));
        assertThat(stored("A1").get("status")).as("nothing was written: reading applies the clock")
                .isEqualTo(new BsonString("HELD"));
        assertThat(seats.confirm(held.reference(), ANN)).isEqualTo(new ConfirmResult.Lapsed(held.reference()));
        assertThat(seats.release(held.reference(), ANN)).isEqualTo(new ReleaseResult.NothingToRelease());
        assertThat(seats.release(a1, ANN)).isEqualTo(new ReleaseResult.NothingToRelease());

        BookingResult booked = seats.tryBook(a1, BOB);
        assertThat(booked).isInstanceOf(BookingResult.Booked.class);
        assertThat(state("A1").owner()).isEqualTo(BOB);
        assertThat(state("A1").version()).isEqualTo(2);
    }

    @Test
    void aClockThatStandsStillKeepsAHoldForeverAndOneThatJumpsEndsItAtOnce() {
        ClaimRequest request = ClaimRequest.hold(show, ANN, Duration.ofMillis(1), "A1", "A2");
        ClaimResult.Claimed held = (ClaimResult.Claimed) seats.claim(request);

        // no real time counts: a 1 ms hold on a clock that stands still is live, however long the test takes
        assertThat(seats.listSeats(show)).filteredOn(state -> state.status() == SeatStatus.HELD).hasSize(2);
        assertThat(seats.claim(request)).isEqualTo(held);

        clock.advance(Duration.ofDays(365));
        assertThat(seats.listSeats(show)).allSatisfy(state -> assertThat(state.isEmpty()).isTrue());
        assertThat(seats.sweepExpiredHolds(10)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- answers that write nothing

    @Test
    void aGroupClaimThatCannotSucceedWritesNothing() {
        seats.hold(show.seat("A3"), BOB, TEN_MINUTES);
        List<BsonDocument> before = raw.find(Filters.eq("show", show.value())).into(new ArrayList<>());
        listener.drain();

        assertThat(seats.claim(ClaimRequest.book(show, ANN, "A1", "A2", "A3")))
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A3"))));
        assertThat(seats.claim(ClaimRequest.book(show, ANN, "A1", "A2", "Z9")))
                .isEqualTo(new ClaimResult.NoSuchSeats(List.of(show.seat("Z9"))));
        assertThat(seats.claim(ClaimRequest.hold(show, ANN, TEN_MINUTES, "A1", "A3", "Z9")))
                .as("missing seats are named before unavailable ones")
                .isEqualTo(new ClaimResult.NoSuchSeats(List.of(show.seat("Z9"))));

        assertThat(raw.find(Filters.eq("show", show.value())).into(new ArrayList<>()))
                .as("not even a compensated write: versions unchanged").isEqualTo(before);
        assertThat(raw.countDocuments(Filters.eq("seat", "Z9"))).isZero();
        assertThat(listener.events()).isEmpty();
    }

    // ---------------------------------------------------------------- a claim whose process died

    @Test
    void pendingHoldsLeftByADeadClaimBlockOnlyUntilThePendingHoldPassesAndNeverBecomeBookings() {
        // what a process that died between taking A1 and A2 of a booking leaves: one pending hold
        BookingReference dead = BookingReference.of("dead-claim");
        Instant pendingUntil = clock.instant().plus(seats.pendingHold());
        raw.updateOne(Filters.eq("_id", SeatMapping.key(show.seat("A1"))), new BsonDocument("$set",
                new BsonDocument("status", new BsonString("HELD")).append("owner", new BsonString("ann"))
                        .append("reference", new BsonString(dead.value()))
                        .append("holdExpiresAt", new BsonDateTime(pendingUntil.toEpochMilli()))
                        .append("pending", BsonBoolean.TRUE)
                        .append("version", new BsonInt64(1))));

        assertThat(state("A1").status()).isEqualTo(SeatStatus.HELD);
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A1", "A2")))
                .isEqualTo(new ClaimResult.Unavailable(List.of(show.seat("A1"))));

        clock.advance(seats.pendingHold());
        assertThat(state("A1")).isEqualTo(SeatState.empty(show.seat("A1"), 1));
        ClaimRequest again = ClaimRequest.book(show, ANN, "A1", "A2").withReference(dead);
        assertThat(seats.claim(again)).as("the dead claim's retry simply claims afresh")
                .isEqualTo(new ClaimResult.Claimed(dead, ANN, again.seats(), SeatStatus.BOOKED, null));
        assertThat(stored("A1").get("pending")).isEqualTo(BsonBoolean.FALSE);
        assertThat(state("A1").version()).isEqualTo(2);
    }

    @Test
    void aReferenceReservedByADeadClaimIsTakenOverOnceItsPendingHoldHasPassed() {
        // what a process that died between reserving a reference and settling it leaves behind
        MongoCollection<BsonDocument> references = mongo.client().getDatabase(DATABASE)
                .getCollection(seats.collection() + MongoSeatRepository.REFERENCES_SUFFIX, BsonDocument.class);
        BookingReference order = BookingReference.of("dead-order");
        references.insertOne(new BsonDocument("_id", new BsonString(order.value()))
                .append("identity", new BsonString("the identity of a claim that never finished"))
                .append("claim", new BsonString("a dead attempt"))
                .append("pendingUntil", new BsonDateTime(clock.instant().plus(seats.pendingHold()).toEpochMilli())));

        clock.advance(seats.pendingHold());
        ClaimRequest request = ClaimRequest.book(show, BOB, "A1").withReference(order);
        assertThat(seats.claim(request)).as("a claim under the abandoned reservation")
                .isEqualTo(new ClaimResult.Claimed(order, BOB, request.seats(), SeatStatus.BOOKED, null));
        BsonDocument binding = references.find(Filters.eq("_id", order.value())).first();
        assertThat(binding.containsKey("pendingUntil")).as("settled: %s", binding).isFalse();
        assertThat(seats.claim(ClaimRequest.book(show, ANN, "A2").withReference(order)))
                .isEqualTo(new ClaimResult.ReferenceInUse(order));
    }

    @Test
    void aClaimThatDoesNotWinLeavesNoReservationBehind() {
        MongoCollection<BsonDocument> references = mongo.client().getDatabase(DATABASE)
                .getCollection(seats.collection() + MongoSeatRepository.REFERENCES_SUFFIX, BsonDocument.class);
        seats.claim(ClaimRequest.book(show, ANN, "A2"));
        BookingReference order = BookingReference.of("refused-order");

        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A1", "A2").withReference(order)))
                .isInstanceOf(ClaimResult.Unavailable.class);
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A2").withReference(order)))
                .isInstanceOf(ClaimResult.Unavailable.class);
        assertThat(references.countDocuments(Filters.eq("_id", order.value()))).as("bindings of %s", order).isZero();
        assertThat(seats.claim(ClaimRequest.book(show, BOB, "A3").withReference(order))).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void theReferenceOfADeadClaimIsWaitedForAtMostThePendingHoldThenReportedAsATimeout() {
        MongoSeatRepository quick = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(seats.collection()).clock(clock).pendingHold(Duration.ofSeconds(1)).build();
        BookingReference dead = BookingReference.of("dead-claim");
        raw.updateOne(Filters.eq("_id", SeatMapping.key(show.seat("A1"))), new BsonDocument("$set",
                new BsonDocument("status", new BsonString("HELD")).append("owner", new BsonString("ann"))
                        .append("reference", new BsonString(dead.value()))
                        .append("holdExpiresAt", new BsonDateTime(clock.instant().plusSeconds(1).toEpochMilli()))
                        .append("pending", BsonBoolean.TRUE)));

        // the clock stands still, so the pending hold never lapses: the outcome stays unknown
        assertThatThrownBy(() -> quick.confirm(dead, ANN)).isInstanceOfSatisfying(BookingException.class,
                e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.TIMEOUT));
        assertThatThrownBy(() -> quick.claim(ClaimRequest.book(show, ANN, "A1", "A2").withReference(dead)))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.TIMEOUT));

        clock.advance(Duration.ofSeconds(1));
        assertThat(quick.confirm(dead, ANN)).isEqualTo(new ConfirmResult.Lapsed(dead));
    }

    @Test
    void aSweepClearsALapsedPendingHoldLikeAnyOtherHold() {
        BookingReference dead = BookingReference.of("dead-claim");
        Instant pendingUntil = clock.instant().plus(seats.pendingHold());
        raw.updateOne(Filters.eq("_id", SeatMapping.key(show.seat("A2"))), new BsonDocument("$set",
                new BsonDocument("status", new BsonString("HELD")).append("owner", new BsonString("ann"))
                        .append("reference", new BsonString(dead.value()))
                        .append("holdExpiresAt", new BsonDateTime(pendingUntil.toEpochMilli()))
                        .append("pending", BsonBoolean.TRUE)));
        assertThat(seats.sweepExpiredHolds(10)).isZero();

        clock.advance(seats.pendingHold());
        assertThat(seats.sweepExpiredHolds(10)).isEqualTo(1);

        assertThat(listener.events()).containsExactly(new BookingEvent(BookingEvent.Type.EXPIRED, dead, ANN,
                List.of(show.seat("A2")), null));
        BsonDocument cleared = stored("A2");
        assertThat(cleared.get("status")).isEqualTo(new BsonString("EMPTY"));
        assertThat(cleared.get("reference")).isEqualTo(BsonNull.VALUE);
        assertThat(cleared.get("pending")).isEqualTo(BsonBoolean.FALSE);
    }

    // ---------------------------------------------------------------- confirm and release, stored

    @Test
    void confirmAndReleaseChangeTheStoredFieldsAndStepTheVersionOnce() {
        ClaimRequest request = ClaimRequest.hold(show, ANN, TEN_MINUTES, "A1", "A2");
        seats.claim(request);

        assertThat(seats.confirm(request.reference(), ANN))
                .isEqualTo(new ConfirmResult.Confirmed(request.reference(), ANN, request.seats()));
        BsonDocument booked = stored("A1");
        assertThat(booked.get("status")).isEqualTo(new BsonString("BOOKED"));
        assertThat(booked.get("holdExpiresAt")).isEqualTo(BsonNull.VALUE);
        assertThat(booked.get("version")).isEqualTo(new BsonInt64(2));

        assertThat(seats.release(show.seat("A2"), ANN))
                .isEqualTo(new ReleaseResult.Released(request.reference(), ANN, List.of(show.seat("A2"))));
        assertThat(seats.release(request.reference(), ANN))
                .isEqualTo(new ReleaseResult.Released(request.reference(), ANN, List.of(show.seat("A1"))));
        for (String number : List.of("A1", "A2")) {
            BsonDocument empty = stored(number);
            assertThat(empty.get("status")).isEqualTo(new BsonString("EMPTY"));
            assertThat(empty.get("owner")).isEqualTo(BsonNull.VALUE);
            assertThat(empty.get("reference")).isEqualTo(BsonNull.VALUE);
            assertThat(empty.get("holdExpiresAt")).isEqualTo(BsonNull.VALUE);
            assertThat(empty.get("version")).isEqualTo(new BsonInt64(3));
        }
    }

    @Test
    void aSeatBookedBeforeReferencesExistedIsAMalformedDocumentNotAGuess() {
        raw.updateOne(Filters.eq("_id", SeatMapping.key(show.seat("A4"))), new BsonDocument("$set",
                new BsonDocument("status", new BsonString("BOOKED")).append("owner", new BsonString("ann"))));

        assertThatThrownBy(() -> seats.findSeat(show.seat("A4"))).isInstanceOfSatisfying(BookingException.class,
                e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.UNEXPECTED));
    }
}
