package dev.booking.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.mongo.internal.SeatMapping;
import dev.booking.mongo.internal.SeatOperations;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.Race;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the MongoDB adapter promises beyond the compatibility kit: the document shape, hostile
 * strings as plain values, name validation, the concern defaults as sent on the wire, the index,
 * duplicate handling in {@code addSeats}, malformed documents, and races that are specific to this
 * adapter (a small connection pool, seats emptied between a claim and its read). Runs against the
 * in-process mongo-java-server over TCP; concurrent tests assert invariants only.
 */
class MongoSeatRepositoryTest {

    private static final String DATABASE = "booking_adapter";
    private static final String COLLECTION = "seats";
    private static final Duration RACE_LIMIT = Duration.ofMinutes(2);

    private static InProcessMongo mongo;
    private static MongoSeatRepository repository;
    private static MongoCollection<BsonDocument> raw;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        repository = MongoSeatRepository.builder(mongo.client()).database(DATABASE).collection(COLLECTION).build();
        repository.createIndexes();
        raw = mongo.client().getDatabase(DATABASE).getCollection(COLLECTION, BsonDocument.class);
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    private static ShowId freshShow() {
        return ShowId.of("adapter-" + UUID.randomUUID());
    }

    private static BsonDocument stored(SeatId seat) {
        return raw.find(Filters.eq("_id", SeatMapping.key(seat))).first();
    }

    // ---------------------------------------------------------------- document shape

    @Test
    void aSeatIsOneDocumentKeyedByItsIdentity() {
        ShowId show = freshShow();
        SeatId seat = show.seat("A1");
        repository.addSeats(show, List.of("A1"));

        BsonDocument empty = stored(seat);
        assertThat(empty.get("_id")).isEqualTo(new BsonDocument("show", new BsonString(show.value()))
                .append("seat", new BsonString("A1")));
        assertThat(empty.get("show")).isEqualTo(new BsonString(show.value()));
        assertThat(empty.get("seat")).isEqualTo(new BsonString("A1"));
        assertThat(empty.get("status")).isEqualTo(new BsonString("EMPTY"));
        assertThat(empty.get("owner")).isEqualTo(BsonNull.VALUE);
        assertThat(empty.get("reference")).isEqualTo(BsonNull.VALUE);
        assertThat(empty.get("holdExpiresAt")).isEqualTo(BsonNull.VALUE);
        assertThat(empty.get("pending")).isEqualTo(BsonBoolean.FALSE);
        assertThat(empty.get("version")).isEqualTo(new BsonInt64(0));
        assertThat(empty.get("updatedAt").isDateTime()).isTrue();

        BookingResult result = repository.tryBook(seat, UserId.of("ann"));
        assertThat(result).isInstanceOf(BookingResult.Booked.class);
        BookingReference reference = ((BookingResult.Booked) result).reference();
        assertThat(result).isEqualTo(new BookingResult.Booked(seat, UserId.of("ann"), reference));
        BsonDocument booked = stored(seat);
        assertThat(booked.get("status")).isEqualTo(new BsonString("BOOKED"));
        assertThat(booked.get("owner")).isEqualTo(new BsonString("ann"));
        assertThat(booked.get("reference")).isEqualTo(new BsonString(reference.value()));
        assertThat(booked.get("holdExpiresAt")).isEqualTo(BsonNull.VALUE);
        assertThat(booked.get("pending")).isEqualTo(BsonBoolean.FALSE);
        assertThat(booked.get("version")).as("stays a 64-bit integer").isEqualTo(new BsonInt64(1));
        assertThat(booked.get("updatedAt").isDateTime()).isTrue();
        assertThat(raw.countDocuments(Filters.eq("show", show.value()))).isEqualTo(1);
    }

    // ---------------------------------------------------------------- hostile strings

    @Test
    void operatorLookingStringsAreStoredVerbatimAndMatchNothingElse() {
        List<String> hostile = List.of("{\"$gt\": \"\"}", "{\"$ne\": null}", "$where", "$ne", "a.b", "$",
                "this.owner != null || true", "/.*/", ".*", "\\", "'; db.dropDatabase(); '", "{ }");
        ShowId show = freshShow();
        repository.addSeats(show, List.of("A1", "A2"));

        for (String value : hostile) {
            SeatId seat = show.seat(value);
            assertThat(repository.findSeat(seat)).as("seat %s", value).isEmpty();
            assertThat(repository.tryBook(seat, UserId.of(value))).as("seat %s", value)
                    .isEqualTo(new BookingResult.NoSuchSeat(seat));
            assertThat(repository.listSeats(ShowId.of(value))).as("show %s", value).isEmpty();
        }
        assertThat(repository.listSeats(show)).extracting(SeatState::status)
                .as("nothing was claimed or created by the lookups").containsExactly(SeatStatus.EMPTY, SeatStatus.EMPTY);

        // an owner that looks like "greater than anything" is a string; it matches no other owner
        UserId greaterThanAnything = UserId.of("{\"$gt\": \"\"}");
        SeatId a1 = show.seat("A1");
        SeatId a2 = show.seat("A2");
        assertThat(repository.tryBook(a1, greaterThanAnything)).isInstanceOfSatisfying(BookingResult.Booked.class,
                booked -> assertThat(booked.owner()).isEqualTo(greaterThanAnything));
        assertThat(stored(a1).get("owner")).isEqualTo(new BsonString("{\"$gt\": \"\"}"));
        assertThat(repository.tryBook(a1, UserId.of("$where"))).isEqualTo(new BookingResult.Taken(a1));
        assertThat(repository.tryBook(a2, UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        assertThat(repository.tryBook(a2, greaterThanAnything)).as("not AlreadyYours").isEqualTo(new BookingResult.Taken(a2));
        assertThat(repository.tryBook(a2, UserId.of("a.b"))).isEqualTo(new BookingResult.Taken(a2));

        // hostile values as seat numbers and show names are ordinary, separate seats
        ShowId hostileShow = ShowId.of("{\"$ne\": null}" + UUID.randomUUID());
        repository.addSeats(hostileShow, hostile);
        assertThat(repository.listSeats(hostileShow)).extracting(s -> s.seat().number())
                .containsExactlyElementsOf(hostile.stream().sorted().toList());
        for (String value : hostile) {
            assertThat(stored(hostileShow.seat(value)).get("seat")).isEqualTo(new BsonString(value));
        }
        assertThat(repository.listSeats(show)).hasSize(2);
    }

    // ---------------------------------------------------------------- configuration

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "a.b", "a$b", "$cmd", "system.indexes", "1seats", "a b", "a/b", "a\\b",
            "se\u0000ats", "seats\n", "s\u00e9ats", "with-hyphen", "{\"$gt\": \"\"}"})
    void invalidCollectionNamesAreRejectedAtConstruction(String name) {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThatIllegalArgumentException().isThrownBy(() -> builder.collection(name)).withMessageContaining("collection");
    }

    @Test
    void collectionNamesAreLimitedTo63Characters() {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThat(builder.collection("s".repeat(63)).build().collection()).hasSize(63);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.collection("s".repeat(64)))
                .withMessageContaining("collection");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "a.b", "a$b", "$external", "1booking", "a b", "a/b", "a\\b", "a\"b", "a*b",
            "a<b", "a:b", "a|b", "a?b", "bo\u0000oking", "b\u00f6oking"})
    void invalidDatabaseNamesAreRejectedAtConstruction(String name) {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThatIllegalArgumentException().isThrownBy(() -> builder.database(name)).withMessageContaining("database");
    }

    @Test
    void databaseNamesMayContainHyphensAndAreLimitedTo63Characters() {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThat(builder.database("booking-prod_2").build().database()).isEqualTo("booking-prod_2");
        assertThat(builder.database("d".repeat(63)).build().database()).hasSize(63);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.database("d".repeat(64)))
                .withMessageContaining("database");
    }

    @Test
    void missingOrUselessSettingsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> MongoSeatRepository.builder(null))
                .withMessageContaining("client");
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThatIllegalArgumentException().isThrownBy(() -> builder.writeConcern(null))
                .withMessageContaining("writeConcern");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.writeConcern(WriteConcern.UNACKNOWLEDGED))
                .withMessageContaining("writeConcern");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.readConcern(null))
                .withMessageContaining("readConcern");
    }

    @Test
    void lifecycleSettingsAreValidated() {
        MongoSeatRepository.Builder builder = MongoSeatRepository.builder(mongo.client());
        assertThatIllegalArgumentException().isThrownBy(() -> builder.clock(null)).withMessageContaining("clock");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.listener(null)).withMessageContaining("listener");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pendingHold(null))
                .withMessageContaining("pendingHold");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pendingHold(Duration.ofMillis(999)))
                .withMessageContaining("pendingHold");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pendingHold(Duration.ofHours(1).plusMillis(1)))
                .withMessageContaining("pendingHold");
        assertThat(builder.pendingHold(Duration.ofSeconds(1)).build().pendingHold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(builder.pendingHold(Duration.ofHours(1)).build().pendingHold()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theLifecycleDefaultsAreTheSystemClockAndThirtySecondsOfPendingHold() {
        MongoSeatRepository defaults = MongoSeatRepository.builder(mongo.client()).build();
        assertThat(defaults.clock()).isEqualTo(Clock.systemUTC());
        assertThat(defaults.pendingHold()).isEqualTo(MongoSeatRepository.DEFAULT_PENDING_HOLD)
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theBuilderIsImmutable() {
        MongoSeatRepository.Builder base = MongoSeatRepository.builder(mongo.client());
        Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        MongoSeatRepository.Builder other = base.database("other_db").collection("other_seats")
                .writeConcern(WriteConcern.W1).readConcern(ReadConcern.LOCAL).clock(fixed)
                .listener(event -> { }).pendingHold(Duration.ofMinutes(2));

        MongoSeatRepository fromBase = base.build();
        assertThat(fromBase.database()).isEqualTo(MongoSeatRepository.DEFAULT_DATABASE);
        assertThat(fromBase.collection()).isEqualTo(MongoSeatRepository.DEFAULT_COLLECTION);
        assertThat(fromBase.writeConcern()).isEqualTo(WriteConcern.MAJORITY);
        MongoSeatRepository fromOther = other.build();
        assertThat(fromOther.database()).isEqualTo("other_db");
        assertThat(fromOther.collection()).isEqualTo("other_seats");
        assertThat(fromOther.writeConcern()).isEqualTo(WriteConcern.W1);
        assertThat(fromOther.readConcern()).isEqualTo(ReadConcern.LOCAL);
        assertThat(fromOther.clock()).isSameAs(fixed);
        assertThat(fromOther.pendingHold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(fromBase.clock()).isEqualTo(Clock.systemUTC());
        assertThat(fromBase.pendingHold()).isEqualTo(MongoSeatRepository.DEFAULT_PENDING_HOLD);
    }

    @Test
    void theDefaultsAreMajorityForWritesAndReads() {
        MongoSeatRepository defaults = MongoSeatRepository.builder(mongo.client()).build();
        assertThat(defaults.writeConcern()).isEqualTo(WriteConcern.MAJORITY);
        assertThat(defaults.readConcern()).isEqualTo(ReadConcern.MAJORITY);
        assertThat(defaults.database()).isEqualTo("booking");
        assertThat(defaults.collection()).isEqualTo("seats");
    }

    @Test
    void theDefaultConcernsAreSentWithEveryCommand() {
        ConcurrentLinkedQueue<BsonDocument> commands = new ConcurrentLinkedQueue<>();
        // the client's own defaults are left at the driver's (server default): the repository sets both
        try (InProcessMongo watched = recordingCommands(commands)) {
            MongoSeatRepository seats = MongoSeatRepository.builder(watched.client()).build();
            ShowId show = freshShow();
            seats.addSeats(show, List.of("A1"));
            seats.tryBook(show.seat("A1"), UserId.of("ann"));
            seats.tryBook(show.seat("A1"), UserId.of("bob")); // lost claim, then the read that explains it
            seats.findSeat(show.seat("A1"));
            seats.listSeats(show);
        }
        List<BsonDocument> writes = commands.stream()
                .filter(c -> c.containsKey("insert") || c.containsKey("findAndModify")).toList();
        List<BsonDocument> reads = commands.stream().filter(c -> c.containsKey("find")).toList();
        assertThat(writes).hasSize(3); // one insert, two claims
        assertThat(reads).hasSize(3);  // the read after the lost claim, findSeat, listSeats
        assertThat(writes).allSatisfy(c -> assertThat(c.getDocument("writeConcern", new BsonDocument()))
                .isEqualTo(new BsonDocument("w", new BsonString("majority"))));
        assertThat(reads).allSatisfy(c -> assertThat(c.getDocument("readConcern", new BsonDocument()))
                .isEqualTo(new BsonDocument("level", new BsonString("majority"))));
    }

    @Test
    void theLifecycleCommandsCarryTheDefaultConcernsToo() {
        ConcurrentLinkedQueue<BsonDocument> commands = new ConcurrentLinkedQueue<>();
        try (InProcessMongo watched = recordingCommands(commands)) {
            MongoSeatRepository seats = MongoSeatRepository.builder(watched.client()).build();
            ShowId show = freshShow();
            seats.addSeats(show, List.of("A1", "A2", "A3"));
            commands.clear();
            ClaimRequest hold = ClaimRequest.hold(show, UserId.of("ann"), Duration.ofMinutes(5), "A1", "A2");
            seats.claim(hold);
            seats.claim(ClaimRequest.book(show, UserId.of("bob"), "A2", "A3")); // read first, refused
            seats.confirm(hold.reference(), UserId.of("ann"));
            seats.release(show.seat("A1"), UserId.of("ann"));
            seats.release(hold.reference(), UserId.of("ann"));
            seats.sweepExpiredHolds(10);
        }
        List<BsonDocument> writes = commands.stream().filter(c -> c.containsKey("findAndModify")
                || c.containsKey("update") || c.containsKey("insert") || c.containsKey("delete")).toList();
        List<BsonDocument> reads = commands.stream().filter(c -> c.containsKey("find")).toList();
        // two pending holds and two settlements, two bookings, two releases; the reference reserved and settled
        assertThat(writes).hasSize(10);
        assertThat(reads).hasSizeGreaterThanOrEqualTo(6);
        assertThat(writes).allSatisfy(c -> assertThat(c.getDocument("writeConcern", new BsonDocument()))
                .isEqualTo(new BsonDocument("w", new BsonString("majority"))));
        assertThat(reads).allSatisfy(c -> assertThat(c.getDocument("readConcern", new BsonDocument()))
                .isEqualTo(new BsonDocument("level", new BsonString("majority"))));
    }

    // ---------------------------------------------------------------- index

    @Test
    void createIndexesCreatesTheUniqueIndexAndIsIdempotent() {
        String collection = "indexed_" + UUID.randomUUID().toString().replace("-", "");
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(collection).build();
        MongoCollection<Document> documents = mongo.client().getDatabase(DATABASE).getCollection(collection);

        seats.createIndexes();
        seats.createIndexes();

        List<Document> showSeat = documents.listIndexes().into(new ArrayList<>()).stream()
                .filter(index -> index.get("key", Document.class).equals(new Document("show", 1).append("seat", 1)))
                .toList();
        assertThat(showSeat).hasSize(1);
        assertThat(showSeat.get(0).getString("name")).isEqualTo(MongoSeatRepository.SHOW_SEAT_INDEX);
        assertThat(showSeat.get(0).getBoolean("unique")).isTrue();
        List<Document> indexes = documents.listIndexes().into(new ArrayList<>());
        assertThat(indexes).filteredOn(index -> index.get("key", Document.class).equals(new Document("reference", 1)))
                .singleElement().satisfies(index -> assertThat(index.getString("name"))
                        .isEqualTo(MongoSeatRepository.REFERENCE_INDEX));
        assertThat(indexes).filteredOn(index -> index.get("key", Document.class)
                        .equals(new Document("holdExpiresAt", 1)))
                .singleElement().satisfies(index -> assertThat(index.getString("name"))
                        .isEqualTo(MongoSeatRepository.HOLD_EXPIRES_AT_INDEX));
        assertThat(indexes).as("_id and the three of createIndexes, once each").hasSize(4);

        // the index itself refuses a second document for the same show and seat, whatever its _id
        seats.addSeats(ShowId.of("indexed"), List.of("A1"));
        Document impostor = new Document("_id", "another id").append("show", "indexed").append("seat", "A1")
                .append("status", "EMPTY").append("owner", null).append("version", 0L);
        assertThatThrownBy(() -> documents.insertOne(impostor)).isInstanceOfSatisfying(MongoWriteException.class,
                e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    void withoutTheIndexASeatIsStillStoredOnce() {
        String collection = "unindexed_" + UUID.randomUUID().toString().replace("-", "");
        MongoSeatRepository seats = MongoSeatRepository.builder(mongo.client()).database(DATABASE)
                .collection(collection).build();
        ShowId show = freshShow();
        seats.addSeats(show, List.of("A1", "A2"));
        seats.addSeats(show, List.of("A2", "A1", "A3"));

        assertThat(mongo.client().getDatabase(DATABASE).getCollection(collection).countDocuments()).isEqualTo(3);
        assertThat(seats.listSeats(show)).extracting(s -> s.seat().number()).containsExactly("A1", "A2", "A3");
    }

    // ---------------------------------------------------------------- addSeats

    @Test
    void concurrentAddSeatsOfTheSameSeatsNeverThrowAndKeepExistingSeats() {
        ShowId show = freshShow();
        List<String> numbers = IntStream.range(0, 300).mapToObj(i -> "S" + i).toList();
        int callers = 32;

        List<Race.Attempt<Object>> first = Race.run(callers, caller -> {
            List<String> mine = new ArrayList<>(numbers);
            Collections.shuffle(mine, new Random(caller)); // each caller hits the duplicates in another order
            return () -> {
                repository.addSeats(show, mine);
                return null;
            };
        }, RACE_LIMIT);
        assertThat(first).extracting(Race.Attempt::failure).containsOnlyNulls();
        assertThat(raw.countDocuments(Filters.eq("show", show.value()))).isEqualTo(numbers.size());
        assertThat(repository.listSeats(show)).hasSize(numbers.size()).allSatisfy(s -> assertThat(s)
                .isEqualTo(SeatState.empty(s.seat())));

        SeatId booked = show.seat("S7");
        assertThat(repository.tryBook(booked, UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
        SeatState before = repository.findSeat(booked).orElseThrow();

        List<String> more = IntStream.range(0, 400).mapToObj(i -> "S" + i).toList();
        List<Race.Attempt<Object>> second = Race.run(callers, caller -> () -> {
            repository.addSeats(show, more);
            return null;
        }, RACE_LIMIT);
        assertThat(second).extracting(Race.Attempt::failure).containsOnlyNulls();
        assertThat(repository.findSeat(booked)).contains(before);
        assertThat(repository.listSeats(show)).hasSize(more.size()).filteredOn(SeatState::isEmpty)
                .hasSize(more.size() - 1).allSatisfy(s -> assertThat(s.version()).isZero());
    }

    @Test
    void largeBatchesAreInsertedInChunksAroundExistingSeats() {
        ShowId show = freshShow();
        int size = 2 * SeatOperations.INSERT_CHUNK + 17;
        List<String> numbers = IntStream.range(0, size).mapToObj(i -> String.format("N%05d", i)).toList();
        // existing seats spread over several chunks, one of them booked
        repository.addSeats(show, List.of(numbers.get(5), numbers.get(SeatOperations.INSERT_CHUNK + 3),
                numbers.get(size - 1)));
        SeatId booked = show.seat(numbers.get(SeatOperations.INSERT_CHUNK + 3));
        repository.tryBook(booked, UserId.of("ann"));
        SeatState before = repository.findSeat(booked).orElseThrow();

        repository.addSeats(show, numbers);

        assertThat(raw.countDocuments(Filters.eq("show", show.value()))).isEqualTo(size);
        assertThat(repository.findSeat(booked)).contains(before);
        assertThat(repository.listSeats(show)).extracting(s -> s.seat().number()).containsExactlyElementsOf(numbers);
    }

    @Test
    void addingNoSeatsWritesNothing() {
        ShowId show = freshShow();
        repository.addSeats(show, List.of());
        assertThat(repository.listSeats(show)).isEmpty();
    }

    // ---------------------------------------------------------------- malformed documents

    @Test
    void aMalformedSeatDocumentIsAnUnexpectedStoreFailureNotAnInvalidArgument() {
        ShowId show = freshShow();
        SeatId reserved = show.seat("R1");
        raw.insertOne(new BsonDocument("_id", SeatMapping.key(reserved))
                .append("show", new BsonString(show.value())).append("seat", new BsonString("R1"))
                .append("status", new BsonString("RESERVED")).append("owner", BsonNull.VALUE)
                .append("version", new BsonInt64(0)));
        SeatId textVersion = show.seat("R2");
        raw.insertOne(new BsonDocument("_id", SeatMapping.key(textVersion))
                .append("show", new BsonString(show.value())).append("seat", new BsonString("R2"))
                .append("status", new BsonString("BOOKED")).append("owner", new BsonInt32(7))
                .append("version", new BsonString("one")));

        for (SeatId seat : List.of(reserved, textVersion)) {
            assertThatThrownBy(() -> repository.findSeat(seat)).isInstanceOfSatisfying(BookingException.class,
                    e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.UNEXPECTED));
            assertThatThrownBy(() -> repository.tryBook(seat, UserId.of("ann"))).isInstanceOfSatisfying(
                    BookingException.class, e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.UNEXPECTED));
        }
        assertThatThrownBy(() -> repository.listSeats(show)).isInstanceOf(BookingException.class);
    }

    // ---------------------------------------------------------------- races specific to this adapter

    @Test
    void contentionThroughATinyConnectionPoolIsNeverAnException() {
        try (InProcessMongo small = InProcessMongo.start(settings -> settings.applyToConnectionPoolSettings(
                pool -> pool.maxSize(2)))) {
            MongoSeatRepository seats = MongoSeatRepository.builder(small.client()).build();
            ShowId show = freshShow();
            SeatId seat = show.seat("A1");
            seats.addSeats(show, List.of("A1"));
            int callers = 300;

            List<Race.Attempt<BookingResult>> attempts = Race.run(callers,
                    caller -> () -> seats.tryBook(seat, UserId.of("user-" + caller)), RACE_LIMIT);

            assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
            List<BookingResult> results = attempts.stream().map(Race.Attempt::value).toList();
            List<BookingResult> winners = results.stream().filter(r -> r instanceof BookingResult.Booked).toList();
            assertThat(winners).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof BookingResult.Taken).hasSize(callers - 1);
            assertThat(seats.findSeat(seat).orElseThrow().owner())
                    .isEqualTo(((BookingResult.Booked) winners.get(0)).owner());
        }
    }

    @Test
    void aSeatReleasedBetweenClaimAndReadIsClaimedAgainNeverMisreported() {
        // bookers race against releasers that free the seat for whoever owns it at that moment
        ShowId show = freshShow();
        SeatId seat = show.seat("A1");
        repository.addSeats(show, List.of("A1"));
        int callers = 240;

        List<Race.Attempt<Object>> attempts = Race.run(callers, caller -> {
            if (caller % 4 == 3) {
                return () -> repository.findSeat(seat).orElseThrow().ownerIfAny()
                        .map(owner -> (Object) repository.release(seat, owner))
                        .orElse(new ReleaseResult.NothingToRelease());
            }
            return () -> repository.tryBook(seat, UserId.of("user-" + caller));
        }, RACE_LIMIT);

        assertThat(attempts).extracting(Race.Attempt::failure).containsOnlyNulls();
        long releases = attempts.stream().map(Race.Attempt::value)
                .filter(v -> v instanceof ReleaseResult.Released).count();
        List<BookingResult> results = attempts.stream().map(Race.Attempt::value)
                .filter(v -> v instanceof BookingResult).map(v -> (BookingResult) v).toList();
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfAny(BookingResult.Booked.class,
                BookingResult.Taken.class));
        Set<UserId> winners = Set.copyOf(results.stream().filter(r -> r instanceof BookingResult.Booked)
                .map(r -> ((BookingResult.Booked) r).owner()).toList());
        long booked = results.stream().filter(r -> r instanceof BookingResult.Booked).count();

        SeatState last = repository.findSeat(seat).orElseThrow();
        assertThat(booked).as("a seat is booked again only after being released").isLessThanOrEqualTo(releases + 1);
        assertThat(releases).as("only a booked seat is released").isLessThanOrEqualTo(booked);
        assertThat(last.version()).as("every claim and every release is one change").isEqualTo(booked + releases);
        if (!last.isEmpty()) {
            assertThat(winners).as("the stored owner was told Booked").contains(last.owner());
        }
    }

    /** A server whose client records every command it sends into {@code commands}. */
    private static InProcessMongo recordingCommands(Queue<BsonDocument> commands) {
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommand().clone());
            }
        };
        return InProcessMongo.start(settings -> settings.addCommandListener(recorder));
    }
}
