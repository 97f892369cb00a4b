package dev.booking.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.internal.Arguments;
import dev.booking.mongo.internal.MongoFailures;
import dev.booking.mongo.internal.MongoNames;
import dev.booking.mongo.internal.SeatDocuments;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static dev.booking.mongo.internal.SeatDocuments.ID;
import static dev.booking.mongo.internal.SeatDocuments.OWNER;
import static dev.booking.mongo.internal.SeatDocuments.SEAT;
import static dev.booking.mongo.internal.SeatDocuments.SHOW;
import static dev.booking.mongo.internal.SeatDocuments.STATUS;
import static dev.booking.mongo.internal.SeatDocuments.UPDATED_AT;
import static dev.booking.mongo.internal.SeatDocuments.VERSION;

/**
 * A {@link SeatRepository} on MongoDB: one document per seat, and a booking is one
 * {@code findOneAndUpdate} whose filter matches the seat only while its status is {@code "EMPTY"}.
 * MongoDB applies the filter and the update to a document atomically, so of any number of
 * concurrent claims exactly one matches; the others match nothing and are told apart by one
 * read afterwards. Nothing is ever read first and written later.
 *
 * <pre>{@code
 * MongoSeatRepository seats = MongoSeatRepository.builder(mongoClient)
 *         .database("booking")
 *         .collection("seats")
 *         .build();
 * seats.createIndexes();   // once, at deployment or start-up
 * }</pre>
 *
 * <p><b>The client.</b> The caller owns the {@link MongoClient}: the repository never closes it,
 * and {@link Builder#build()} sends nothing to the server. The repository uses the client's connection pool,
 * timeouts, credentials and retry settings as they are, but always reads from the primary and
 * encodes with the driver's default codecs, whatever the client's defaults are.
 *
 * <p><b>Write and read concern.</b> Both default to {@code MAJORITY}. A booking acknowledged under a
 * weaker write concern (say {@code w:1}) lives on the primary alone until it replicates; if the
 * primary fails in that window, the new primary never saw it and the seat is empty again, so a
 * customer holding a confirmation can be double booked. {@code w:"majority"} acknowledges only what
 * survives any failover the replica set can survive. The read concern {@code "majority"} makes
 * {@link #findSeat}, {@link #listSeats} and the read that follows a lost claim return only such
 * durable state, never a write that may still be rolled back. Weaker concerns can be configured;
 * they trade exactly this away. On a standalone server both mean "written to this one server".
 *
 * <p><b>Retries.</b> With the driver's default {@code retryWrites=true} on a replica set or sharded
 * cluster, the driver repeats a {@code findOneAndUpdate} or {@code insertMany} once after a network
 * error or a primary change, and the server recognises the repetition (by session and transaction
 * number), so it is applied at most once and answered with the original result. Standalone servers
 * do not support this. Independently, a blind repetition by the caller is always safe: if the first
 * attempt had in fact claimed the seat, the repeated claim matches nothing and the read that follows
 * sees the caller as the owner, so the answer is {@link BookingResult.AlreadyYours}.
 *
 * <p><b>Errors.</b> Invalid arguments raise {@link IllegalArgumentException} before anything is sent.
 * Every {@link MongoException} becomes a {@link BookingException} with the driver exception as its
 * cause: timeouts (server selection, pool wait, {@code timeoutMS}, {@code maxTimeMS}, socket reads,
 * write-concern {@code wtimeout}) are {@code TIMEOUT}; network errors, "not primary" and "node is
 * recovering" are {@code CONNECTION}; write conflicts (code 112) and errors labelled
 * {@code TransientTransactionError} are {@code TRANSIENT_CONFLICT}; errors labelled
 * {@code SystemOverloadedError} are {@code OVERLOADED}; anything else is {@code UNEXPECTED}.
 * Losing a race is never an exception. Exception messages name the operation, never the
 * identifiers involved.
 *
 * <p>Thread-safety: immutable and safe to share between any number of threads; one instance per
 * collection is the intended use.
 */
public final class MongoSeatRepository implements SeatRepository {

    /** The database used unless {@link Builder#database} says otherwise. */
    public static final String DEFAULT_DATABASE = "booking";

    /** The collection used unless {@link Builder#collection} says otherwise. */
    public static final String DEFAULT_COLLECTION = "seats";

    /** The name of the unique {@code {show: 1, seat: 1}} index that {@link #createIndexes()} creates. */
    public static final String SHOW_SEAT_INDEX = "show_1_seat_1";

    /**
     * How often one {@code tryBook} claims before it settles for {@code Taken}. A second claim is
     * only made when the read after a lost claim finds the seat empty again. That takes an
     * operation that empties seats (a release) between the two calls, or a write concern weaker than
     * majority: a lost claim under {@code w:"majority"} returns only once the state it lost against
     * is majority-committed, so the majority read after it sees the winner; under {@code w:1} the
     * winner may not have reached a majority yet, and the read still shows the seat empty.
     */
    static final int MAX_CLAIM_ATTEMPTS = 3;

    /** Seats per {@code insertMany}: keeps each request and its error list small. */
    static final int INSERT_CHUNK = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(MongoSeatRepository.class);

    // both option objects are mutable driver types; these are configured once and never changed
    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private static final Comparator<SeatState> BY_NUMBER = Comparator.comparing(state -> state.seat().number());

    private final String database;
    private final String collection;
    private final WriteConcern writeConcern;
    private final ReadConcern readConcern;
    private final MongoCollection<Document> seats;

    private MongoSeatRepository(Builder builder) {
        this.database = builder.database;
        this.collection = builder.collection;
        this.writeConcern = builder.writeConcern;
        this.readConcern = builder.readConcern;
        // getDatabase/getCollection only build handles; nothing is sent to the server here
        this.seats = builder.client.getDatabase(database)
                .getCollection(collection)
                .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
                .withWriteConcern(writeConcern)
                .withReadConcern(readConcern)
                // the read after a lost claim must see what the claim saw; a secondary may lag behind
                .withReadPreference(ReadPreference.primary());
    }

    /**
     * Starts configuring a repository on {@code client}, with database {@value #DEFAULT_DATABASE},
     * collection {@value #DEFAULT_COLLECTION}, and write and read concern {@code MAJORITY}.
     *
     * @param client the client to use; the caller keeps owning it and closes it
     * @return a builder
     * @throws IllegalArgumentException if {@code client} is null
     */
    public static Builder builder(MongoClient client) {
        return new Builder(Arguments.requirePresent("client", client), DEFAULT_DATABASE, DEFAULT_COLLECTION,
                WriteConcern.MAJORITY, ReadConcern.MAJORITY);
    }

    /**
     * Creates the unique index {@value #SHOW_SEAT_INDEX} on {@code {show: 1, seat: 1}}, which
     * {@link #listSeats} uses and which states the one-document-per-seat rule in the schema. The
     * repository never creates it by itself: call this once at deployment or start-up, with a user
     * allowed to create indexes. Repeating it is harmless; MongoDB does nothing if the same index
     * exists. Correctness does not depend on it: a seat's {@code _id} is its identity, so a seat
     * cannot be stored twice even before this has run.
     *
     * @throws BookingException if the server refuses, for instance because an index with the same
     *                          name but other options exists, or the user may not create indexes
     */
    public void createIndexes() {
        try {
            seats.createIndex(Indexes.ascending(SHOW, SEAT), new IndexOptions().unique(true).name(SHOW_SEAT_INDEX));
        } catch (MongoException e) {
            throw MongoFailures.translate("createIndexes on " + this, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code findOneAndUpdate} with the filter {@code {_id: <seat>, status: "EMPTY"}} sets the
     * owner and status, stamps {@code updatedAt} and increments {@code version}. Only if it matches
     * nothing does one read of the seat tell {@code AlreadyYours}, {@code Taken} and
     * {@code NoSuchSeat} apart.
     */
    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BsonDocument key = SeatDocuments.key(seat);
        Bson claimable = Filters.and(Filters.eq(ID, key), Filters.eq(STATUS, SeatStatus.EMPTY.name()));
        Bson claim = Updates.combine(
                Updates.set(STATUS, SeatStatus.BOOKED.name()),
                Updates.set(OWNER, user.value()),
                Updates.currentDate(UPDATED_AT),
                Updates.inc(VERSION, 1L));
        try {
            for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
                Document claimed = seats.findOneAndUpdate(claimable, claim, RETURN_AFTER);
                if (claimed != null) {
                    return new BookingResult.Booked(seat, SeatDocuments.toState(claimed).owner());
                }
                // the claim matched nothing: the seat is someone's, or missing; this read only explains why
                Document current = seats.find(Filters.eq(ID, key)).first();
                if (current == null) {
                    return new BookingResult.NoSuchSeat(seat);
                }
                SeatState state = SeatDocuments.toState(current);
                if (!state.isEmpty()) {
                    return user.equals(state.owner())
                            ? new BookingResult.AlreadyYours(seat, user)
                            : new BookingResult.Taken(seat);
                }
                // emptied between our claim and our read: claim again, a bounded number of times
                LOG.debug("seat emptied between claim and read, claiming again (attempt {} of {})",
                        attempt, MAX_CLAIM_ATTEMPTS);
            }
        } catch (MongoException e) {
            throw MongoFailures.translate("tryBook on " + this, e);
        }
        // it kept changing hands under us: every claim we made found it taken, which is contention
        return new BookingResult.Taken(seat);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Validates every number first, then inserts the seats with unordered {@code insertMany}
     * calls of at most {@value #INSERT_CHUNK} seats. A seat that exists already fails its insert
     * with a duplicate-key error (code 11000) on {@code _id}, which is ignored, so the stored seat
     * keeps its owner and version. Any other write error, and any write-concern error, is raised.
     */
    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> all = Arguments.seatsOf(show, numbers);
        Date now = new Date();
        for (int from = 0; from < all.size(); from += INSERT_CHUNK) {
            List<Document> chunk = new ArrayList<>();
            for (SeatId seat : all.subList(from, Math.min(all.size(), from + INSERT_CHUNK))) {
                chunk.add(SeatDocuments.newSeat(seat, now));
            }
            try {
                seats.insertMany(chunk, UNORDERED);
            } catch (MongoBulkWriteException e) {
                if (!MongoFailures.onlyDuplicateKeys(e)) {
                    throw MongoFailures.translate("addSeats on " + this, e);
                }
                // unordered: every seat that was missing got inserted; the duplicates already existed
                LOG.trace("addSeats: {} of {} seats existed already", e.getWriteErrors().size(), chunk.size());
            } catch (MongoException e) {
                throw MongoFailures.translate("addSeats on " + this, e);
            }
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        try {
            return Optional.ofNullable(seats.find(Filters.eq(ID, SeatDocuments.key(seat))).first())
                    .map(SeatDocuments::toState);
        } catch (MongoException e) {
            throw MongoFailures.translate("findSeat on " + this, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sorted in Java: MongoDB orders strings by their UTF-8 bytes (or by a collation), which
     * differs from {@link String#compareTo} for characters outside the Basic Multilingual Plane.
     */
    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        List<SeatState> states = new ArrayList<>();
        try {
            for (Document document : seats.find(Filters.eq(SHOW, show.value()))) {
                states.add(SeatDocuments.toState(document));
            }
        } catch (MongoException e) {
            throw MongoFailures.translate("listSeats on " + this, e);
        }
        states.sort(BY_NUMBER);
        return List.copyOf(states);
    }

    /** The database the seats live in. */
    public String database() {
        return database;
    }

    /** The collection the seats live in. */
    public String collection() {
        return collection;
    }

    /** The write concern of every write. */
    public WriteConcern writeConcern() {
        return writeConcern;
    }

    /** The read concern of every read. */
    public ReadConcern readConcern() {
        return readConcern;
    }

    /** Names the namespace, for messages and logs. */
    @Override
    public String toString() {
        return "MongoSeatRepository[" + database + "." + collection + "]";
    }

    /**
     * The settings of a {@link MongoSeatRepository}. Immutable: every setter returns a new builder
     * and leaves this one unchanged, so a partly configured builder can be shared and reused.
     * Invalid values are rejected by the setter that receives them, with an
     * {@link IllegalArgumentException} naming the setting.
     *
     * <p>Thread-safety: immutable and safe to share.
     */
    public static final class Builder {

        private final MongoClient client;
        private final String database;
        private final String collection;
        private final WriteConcern writeConcern;
        private final ReadConcern readConcern;

        private Builder(MongoClient client, String database, String collection,
                        WriteConcern writeConcern, ReadConcern readConcern) {
            this.client = client;
            this.database = database;
            this.collection = collection;
            this.writeConcern = writeConcern;
            this.readConcern = readConcern;
        }

        /**
         * The database, default {@value MongoSeatRepository#DEFAULT_DATABASE}.
         *
         * @param name matches {@code [A-Za-z_][A-Za-z0-9_-]{0,62}}
         * @return a builder with this database
         * @throws IllegalArgumentException naming {@code database} if the name does not match
         */
        public Builder database(String name) {
            return new Builder(client, MongoNames.require("database", MongoNames.DATABASE, name), collection,
                    writeConcern, readConcern);
        }

        /**
         * The collection, default {@value MongoSeatRepository#DEFAULT_COLLECTION}.
         *
         * @param name matches {@code [A-Za-z_][A-Za-z0-9_]{0,62}}
         * @return a builder with this collection
         * @throws IllegalArgumentException naming {@code collection} if the name does not match
         */
        public Builder collection(String name) {
            return new Builder(client, database, MongoNames.require("collection", MongoNames.COLLECTION, name),
                    writeConcern, readConcern);
        }

        /**
         * The write concern of every write, default {@link WriteConcern#MAJORITY}. Anything weaker
         * lets an acknowledged booking be rolled back by a failover (see the class documentation).
         *
         * @param concern an acknowledged write concern
         * @return a builder with this write concern
         * @throws IllegalArgumentException naming {@code writeConcern} if it is null or unacknowledged
         *                                  ({@code w:0}): a claim whose outcome is never reported
         *                                  cannot answer {@code Booked} or {@code Taken}
         */
        public Builder writeConcern(WriteConcern concern) {
            Arguments.requirePresent("writeConcern", concern);
            if (!concern.isAcknowledged()) {
                throw new IllegalArgumentException("writeConcern must be acknowledged, w:0 cannot report a booking");
            }
            return new Builder(client, database, collection, concern, readConcern);
        }

        /**
         * The read concern of every read, default {@link ReadConcern#MAJORITY}. Anything weaker may
         * show a booking that a failover will roll back.
         *
         * @param concern the read concern
         * @return a builder with this read concern
         * @throws IllegalArgumentException naming {@code readConcern} if it is null
         */
        public Builder readConcern(ReadConcern concern) {
            return new Builder(client, database, collection, writeConcern,
                    Arguments.requirePresent("readConcern", concern));
        }

        /**
         * Creates the repository. Sends nothing to the server and creates no index; see
         * {@link MongoSeatRepository#createIndexes()}.
         *
         * @return the repository
         */
        public MongoSeatRepository build() {
            return new MongoSeatRepository(this);
        }
    }
}
