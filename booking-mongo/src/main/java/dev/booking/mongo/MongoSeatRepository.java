package dev.booking.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.booking.core.BookingException;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;
import dev.booking.core.spi.EventPublisher;
import dev.booking.core.spi.Outcome;
import dev.booking.core.spi.SeatRules;
import dev.booking.mongo.internal.FailureTranslator;
import dev.booking.mongo.internal.MongoNames;
import dev.booking.mongo.internal.NoticeCopy;
import dev.booking.mongo.internal.NoticeMapping;
import dev.booking.mongo.internal.SeatMapping;
import dev.booking.mongo.internal.SeatOperations;
import dev.booking.mongo.internal.SeatStore;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.booking.mongo.internal.SeatMapping.HOLD_EXPIRES_AT;
import static dev.booking.mongo.internal.SeatMapping.REFERENCE;
import static dev.booking.mongo.internal.SeatMapping.SEAT;
import static dev.booking.mongo.internal.SeatMapping.SHOW;

/**
 * A {@link SeatRepository} on MongoDB: one document per seat, and every change is a conditional
 * {@code findOneAndUpdate} or {@code updateOne} on one seat, whose filter states when the change is
 * allowed (a booking: only while the seat is free). MongoDB applies the filter and the update to a
 * document atomically, so of any number of concurrent claims exactly one matches; the others match
 * nothing and are told apart by one read afterwards. Nothing is ever read first and written later
 * without the write re-checking what was read.
 *
 * <pre>{@code
 * MongoSeatRepository seats = MongoSeatRepository.builder(mongoClient)
 *         .database("booking")
 *         .collection("seats")
 *         .listener(event -> mailer.submit(event))   // optional
 *         .build();
 * seats.createIndexes();   // once, at deployment or start-up
 * }</pre>
 *
 * <p><b>The client.</b> The caller owns the {@link MongoClient}: the repository never closes it,
 * and {@link Builder#build()} sends nothing to the server. The repository uses the client's connection pool,
 * timeouts, credentials and retry settings as they are, but always reads from the primary and
 * encodes with the driver's default codecs, whatever the client's defaults are.
 *
 * <p><b>The clock.</b> When a hold expires is decided by the <em>application's</em> clock, the
 * {@link Builder#clock(Clock)} given to this repository (default {@link Clock#systemUTC()}): a hold's
 * expiry is computed from it and stored as a date, and every claim, read and sweep compares stored
 * expiries with it. The application servers' clocks must therefore be synchronised (NTP). An
 * instance whose clock runs ahead treats holds as expired early (it may let a new claim take a seat
 * whose hold other instances still consider live, and its sweeps clear such holds); one whose clock
 * lags treats them as expired late. Skew never creates two owners: every claim is a conditional
 * update on what is stored, so a seat has one owner at a time whatever the clocks say. (MongoDB's
 * {@code $$NOW} could decide instead, but it needs update pipelines, which the in-process test
 * server cannot run, so that path could not be tested here.)
 *
 * <p><b>Several seats, all or nothing.</b> MongoDB changes one document atomically; a group of seats
 * is claimed seat by seat in sorted order, first as short pending holds, then set to the final state,
 * with compensation when a seat cannot be had: see {@link #claim}. The same path is used on every
 * topology, standalone servers included; transactions are not used (see the module README).
 *
 * <p><b>Events.</b> The {@link Builder#listener(BookingListener) listener} is told about every change
 * this repository makes, after the write concern acknowledged it, on the calling thread. A listener
 * that throws is logged and ignored: the change stands and the caller gets its result. A booking or
 * claim whose conditional write took over a lapsed hold learns so from the document as it was
 * ({@code findOneAndUpdate} returning it before the write), and tells that hold
 * {@link dev.booking.core.BookingEvent.Type#EXPIRED EXPIRED} just before its own event; the sweep's
 * write, matched by the hold's version, then matches nothing, so each hold is told expired once.
 *
 * <p><b>Notifications.</b> Built with a {@link Builder#outbox(MongoOutbox) MongoOutbox}, the
 * repository writes a notice for every event, carried by the very write that makes the change final
 * and then copied to the outbox; {@link #recoverNotices} finishes copies a dead process left. The
 * builder's method says precisely what is atomic and what is recovered.
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
 * cluster, the driver repeats a {@code findOneAndUpdate}, {@code updateOne} or {@code insertMany}
 * once after a network error or a primary change, and the server recognises the repetition (by
 * session and transaction number), so it is applied at most once and answered with the original
 * result. Standalone servers do not support this. Independently, a blind repetition by the caller
 * is always safe: {@code tryBook} answers {@link BookingResult.AlreadyYours}, a repeated
 * {@link ClaimRequest} (same reference) gets its original {@link ClaimResult.Claimed} back.
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
 * collection is the intended use. The listener is called from every thread that makes a change.
 */
public final class MongoSeatRepository implements SeatRepository {

    /** The database used unless {@link Builder#database} says otherwise. */
    public static final String DEFAULT_DATABASE = "booking";

    /** The collection used unless {@link Builder#collection} says otherwise. */
    public static final String DEFAULT_COLLECTION = "seats";

    /** The name of the unique {@code {show: 1, seat: 1}} index that {@link #createIndexes()} creates. */
    public static final String SHOW_SEAT_INDEX = "show_1_seat_1";

    /** The name of the {@code {reference: 1}} index that {@link #createIndexes()} creates. */
    public static final String REFERENCE_INDEX = "reference_1";

    /** The name of the {@code {holdExpiresAt: 1}} index that {@link #createIndexes()} creates. */
    public static final String HOLD_EXPIRES_AT_INDEX = "holdExpiresAt_1";

    /** The name of the sparse {@code {outbox.id: 1}} index that {@link #createIndexes()} creates. */
    public static final String OUTBOX_INDEX = "outbox.id_1";

    /** The pending hold used unless {@link Builder#pendingHold} says otherwise: 30 seconds. */
    public static final Duration DEFAULT_PENDING_HOLD = Duration.ofSeconds(30);

    /** The shortest pending hold {@link Builder#pendingHold} accepts. */
    public static final Duration MIN_PENDING_HOLD = Duration.ofSeconds(1);

    /** The longest pending hold {@link Builder#pendingHold} accepts. */
    public static final Duration MAX_PENDING_HOLD = Duration.ofHours(1);

    /**
     * Appended to the collection's name, the name of the references collection: one document per
     * reference, {@code _id} the reference, written by the first claim that succeeds under it and
     * kept for good, so that a reference names one claim (a later claim of other seats, or by
     * another user, under it is {@code ReferenceInUse}, even after the seats were released). Its
     * unique {@code _id} index needs no {@link #createIndexes()}.
     */
    public static final String REFERENCES_SUFFIX = "_references";

    /** The document field holding the show id, for applications that query the collection themselves. */
    public static final String SHOW_FIELD = SeatMapping.SHOW;

    /** The document field holding the seat number, for applications that query the collection themselves. */
    public static final String SEAT_FIELD = SeatMapping.SEAT;

    private final String database;
    private final String collection;
    private final WriteConcern writeConcern;
    private final ReadConcern readConcern;
    private final Clock clock;
    private final Duration pendingHold;
    private final MongoCollection<Document> seats;
    private final SeatOperations operations;
    private final EventPublisher events;
    private final MongoOutbox outbox;
    private final NoticeCopy notices;

    private MongoSeatRepository(Builder builder) {
        this.database = builder.database;
        this.collection = builder.collection;
        this.writeConcern = builder.writeConcern;
        this.readConcern = builder.readConcern;
        this.clock = builder.clock;
        this.pendingHold = builder.pendingHold;
        this.seats = collection(builder, collection);
        this.outbox = builder.outbox;
        this.notices = outbox == null ? null : outbox.copy();
        this.operations = new SeatOperations(new SeatStore(seats,
                collection(builder, collection + REFERENCES_SUFFIX), clock, pendingHold, notices));
        this.events = new EventPublisher(builder.listener);
        if (outbox != null) {
            outbox.register(this);
        }
    }

    /** A collection of the repository's database with its concerns. */
    private static MongoCollection<Document> collection(Builder builder, String name) {
        // getDatabase/getCollection only build handles; nothing is sent to the server here
        return builder.client.getDatabase(builder.database)
                .getCollection(name)
                .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
                .withWriteConcern(builder.writeConcern)
                .withReadConcern(builder.readConcern)
                // the read after a lost claim must see what the claim saw; a secondary may lag behind
                .withReadPreference(ReadPreference.primary());
    }

    /**
     * Starts configuring a repository on {@code client}, with database {@value #DEFAULT_DATABASE},
     * collection {@value #DEFAULT_COLLECTION}, write and read concern {@code MAJORITY}, the system
     * clock in UTC, no listener and a pending hold of 30 seconds.
     *
     * @param client the client to use; the caller keeps owning it and closes it
     * @return a builder
     * @throws IllegalArgumentException if {@code client} is null
     */
    public static Builder builder(MongoClient client) {
        return new Builder(Arguments.requirePresent("client", client), DEFAULT_DATABASE, DEFAULT_COLLECTION,
                WriteConcern.MAJORITY, ReadConcern.MAJORITY, Clock.systemUTC(), BookingListener.NONE,
                DEFAULT_PENDING_HOLD, null);
    }

    /**
     * Creates the indexes: the unique {@value #SHOW_SEAT_INDEX} on {@code {show: 1, seat: 1}}, which
     * {@link #listSeats} uses and which states the one-document-per-seat rule in the schema;
     * {@value #REFERENCE_INDEX} on {@code {reference: 1}}, which the claim's replay check,
     * {@link #confirm} and {@link #release(BookingReference, UserId)} use to find a group;
     * {@value #HOLD_EXPIRES_AT_INDEX} on {@code {holdExpiresAt: 1}}, which {@link #sweepExpiredHolds}
     * uses to find lapsed holds; and, for a repository built with an outbox, the sparse
     * {@value #OUTBOX_INDEX} on {@code {outbox.id: 1}}, which {@link #recoverNotices} uses to find the
     * few seats still carrying notices. The repository never creates them by itself: call this once at
     * deployment or start-up, with a user allowed to create indexes. Repeating it is harmless; MongoDB
     * does nothing if the same index exists. Correctness does not depend on them, only speed: a
     * seat's {@code _id} is its identity, so a seat cannot be stored twice even before this has run.
     *
     * @throws BookingException if the server refuses, for instance because an index with the same
     *                          name but other options exists, or the user may not create indexes
     */
    public void createIndexes() {
        try {
            seats.createIndex(Indexes.ascending(SHOW, SEAT), new IndexOptions().unique(true).name(SHOW_SEAT_INDEX));
            seats.createIndex(Indexes.ascending(REFERENCE), new IndexOptions().name(REFERENCE_INDEX));
            seats.createIndex(Indexes.ascending(HOLD_EXPIRES_AT), new IndexOptions().name(HOLD_EXPIRES_AT_INDEX));
            if (outbox != null) {
                seats.createIndex(Indexes.ascending(NoticeMapping.SEAT_OUTBOX_ID),
                        new IndexOptions().sparse(true).name(OUTBOX_INDEX));
            }
        } catch (MongoException e) {
            throw FailureTranslator.translate("createIndexes on " + this, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code findOneAndUpdate} whose filter matches the seat only while it is free (empty, or
     * held with an expiry at or before now) sets status, owner and a new reference, clears the
     * expiry, stamps {@code updatedAt} and increments {@code version}. Only if it matches nothing
     * does one read of the seat tell {@code AlreadyYours}, {@code Taken} and {@code NoSuchSeat} apart
     * (the rules of {@link SeatRules#lostBooking}).
     */
    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BookingReference reference = BookingReference.generate();
        return run("tryBook", () -> operations.tryBook(seat, user, reference));
    }

    /**
     * {@inheritDoc}
     *
     * <p>First the reference: if live seats carry it already, the answer is the group as it stands
     * (same user and exactly the same seats) or {@code ReferenceInUse}, and nothing is written; if a
     * multi-seat claim under it is still in progress (a concurrent repetition of the request), this
     * call waits for it to finish, at most the {@linkplain Builder#pendingHold pending hold}.
     *
     * <p>Then the seats. One seat is one conditional {@code findOneAndUpdate} matching only while it
     * is free. Several seats are read first (a missing or unavailable seat answers at once, without
     * a write), then taken one by one in the request's sorted order, each by the same kind of
     * conditional write, as <em>pending holds</em> that expire after the pending hold; once all are
     * taken, each is set to its final state (booked, or held until now + {@code holdFor}), matched
     * by reference, owner and the version the pending write produced. The version is increased once
     * per claim. If a seat cannot be had after all (another claim was faster), the seats this call
     * took are put back as they were (matched by {@code _id}, reference, owner and version, so never
     * a seat someone else has changed since; their version still increases) before the seats are
     * read again to answer {@code NoSuchSeats} or {@code Unavailable}. A process that dies in the
     * middle leaves only pending holds behind, which are free again once the pending hold has
     * passed; they never turn into bookings or long holds. While the claim is in progress, readers
     * may see some of its seats held and others not.
     *
     * <p>The expiry is computed once, in milliseconds (the precision of a BSON date), so the answer
     * equals what is stored and a replay of the request returns an equal answer.
     */
    @Override
    public ClaimResult claim(ClaimRequest request) {
        Arguments.requirePresent("request", request);
        return run("claim", () -> operations.claim(request));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the group by reference; then books each held seat with a conditional
     * {@code updateOne} that matches only the hold as read (reference, owner, version) and only while
     * it has not expired. If a hold is lost meanwhile, the seats this call booked are turned back into
     * their holds and the answer is read again (usually {@code Lapsed}).
     */
    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return run("confirm", () -> operations.confirm(reference, user));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the group by reference, then empties each seat with a conditional {@code updateOne}
     * that matches only while the seat is still live under the reference and the user. A seat that
     * no longer matches has left the group by itself (released by a concurrent call, expired), so
     * there is nothing to undo: a release never fails half-way for contention. If the store fails
     * half-way, the seats released so far are told to the listener and the exception is raised;
     * releasing again frees the rest.
     */
    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("user", user);
        return run("release", () -> operations.release(reference, user));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code findOneAndUpdate} that matches the seat only while {@code user} holds (not
     * expired) or booked it, returning the document as it was, for its reference. Only if it matches
     * nothing does one read tell {@code NotYours} and {@code NothingToRelease} apart.
     */
    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        return run("release", () -> operations.release(seat, user));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Queries holds with {@code holdExpiresAt <= now} (oldest first, at most {@code limit}) and
     * empties each with a conditional {@code updateOne} that matches only the lapsed hold as read
     * (its version) and only while it is still lapsed. Of several sweepers, in this process or
     * others, exactly one clears each hold and tells the listener; the others' writes match nothing,
     * and so does a sweeper's write on a hold that a booking or claim took over (and told) first.
     * A sweeper that lost some seats to another queries again, so that an answer below
     * {@code limit} means no lapsed hold was left (at most 16 queries).
     * Lapsed pending holds of a claim whose process died are cleared the same way.
     */
    @Override
    public int sweepExpiredHolds(int limit) {
        Arguments.sweepLimit(limit);
        return run("sweepExpiredHolds", () -> operations.sweep(limit));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Validates every number first, then inserts the seats with unordered {@code insertMany}
     * calls of at most 1000 seats. A seat that exists already fails its insert
     * with a duplicate-key error (code 11000) on {@code _id}, which is ignored, so the stored seat
     * keeps its owner and version. Any other write error, and any write-concern error, is raised.
     */
    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        List<SeatId> added = Arguments.seatsToAdd(show, numbers);
        run("addSeats", () -> {
            operations.addSeats(added);
            return Outcome.unchanged(added);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads by {@code _id}; a hold that has expired by the repository's clock reads as empty.
     */
    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        Arguments.requirePresent("seat", seat);
        return run("findSeat", () -> Outcome.unchanged(operations.findSeat(seat)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sorted in Java: MongoDB orders strings by their UTF-8 bytes (or by a collation), which
     * differs from {@link String#compareTo} for characters outside the Basic Multilingual Plane.
     * Holds that have expired by the repository's clock read as empty.
     */
    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return run("listSeats", () -> Outcome.unchanged(operations.listSeats(show)));
    }

    /**
     * Runs an operation, turns a driver failure into a {@link BookingException} that names the
     * operation (never the identifiers involved), and tells the listener the events of what it
     * changed once the write concern acknowledged it. A group release that failed half-way still
     * tells what it freed before the failure is raised.
     */
    private <T> T run(String operation, Supplier<Outcome<T>> work) {
        Outcome<T> outcome;
        try {
            outcome = work.get();
        } catch (SeatOperations.PartlyChanged e) {
            events.deliver(e.changed());
            throw FailureTranslator.translate(operation + " on " + this, e.getCause());
        } catch (MongoException e) {
            throw FailureTranslator.translate(operation + " on " + this, e);
        }
        return events.deliver(outcome);
    }

    /**
     * The recovery pass of the outbox: finds up to {@code limit} seat documents that still carry
     * notices (a process died between a change and the copy of its notices, or the copy failed) and
     * copies them into the outbox, each by its id, so a notice copied already is not copied again, then
     * pulls them from the seat. {@link MongoOutbox#claimDue} runs it by itself on the outbox instance
     * this repository was built with, at most every {@link MongoOutbox#RECOVERY_INTERVAL}; call it
     * yourself (at start-up, and periodically) when the relay runs elsewhere. Safe to run at any time,
     * from any number of processes, also while changes are being made.
     *
     * @param limit how many seat documents to look at, at least 1
     * @return how many notices were copied (or found copied already) and pulled
     * @throws IllegalStateException if the repository was built without an outbox
     * @throws BookingException if the store fails
     */
    public int recoverNotices(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        if (notices == null) {
            throw new IllegalStateException("this repository was built without an outbox");
        }
        try {
            return notices.recover(seats, limit);
        } catch (MongoException e) {
            throw FailureTranslator.translate("recoverNotices on " + this, e);
        }
    }

    /** The outbox this repository writes notices to, if it was built with one. */
    public Optional<MongoOutbox> outbox() {
        return Optional.ofNullable(outbox);
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

    /** The clock that decides when holds expire. */
    public Clock clock() {
        return clock;
    }

    /** How long the pending first step of a multi-seat claim holds its seats. */
    public Duration pendingHold() {
        return pendingHold;
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
        private final Clock clock;
        private final BookingListener listener;
        private final Duration pendingHold;
        private final MongoOutbox outbox;

        private Builder(MongoClient client, String database, String collection, WriteConcern writeConcern,
                        ReadConcern readConcern, Clock clock, BookingListener listener, Duration pendingHold,
                        MongoOutbox outbox) {
            this.client = client;
            this.database = database;
            this.collection = collection;
            this.writeConcern = writeConcern;
            this.readConcern = readConcern;
            this.clock = clock;
            this.listener = listener;
            this.pendingHold = pendingHold;
            this.outbox = outbox;
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
                    writeConcern, readConcern, clock, listener, pendingHold, outbox);
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
                    writeConcern, readConcern, clock, listener, pendingHold, outbox);
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
            return new Builder(client, database, collection, concern, readConcern, clock, listener, pendingHold, outbox);
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
                    Arguments.requirePresent("readConcern", concern), clock, listener, pendingHold, outbox);
        }

        /**
         * The clock that decides when holds expire, default {@link Clock#systemUTC()}. Expiry is
         * computed and compared by this clock, not the server's: the clocks of all application
         * instances sharing a collection must be synchronised (NTP). Skew makes an instance treat
         * holds as expired early or late, never gives a seat two owners (see the class documentation).
         *
         * @param clock the clock; a fixed or adjustable one is useful in tests
         * @return a builder with this clock
         * @throws IllegalArgumentException naming {@code clock} if it is null
         */
        public Builder clock(Clock clock) {
            return new Builder(client, database, collection, writeConcern, readConcern,
                    Arguments.requirePresent("clock", clock), listener, pendingHold, outbox);
        }

        /**
         * Told about every change the repository makes (held, booked, confirmed, released, expired),
         * after the write concern acknowledged it, synchronously on the calling thread; default
         * {@link BookingListener#NONE}. What the listener throws is logged and ignored: the change
         * stands. It is called from many threads at once, so it must be thread-safe, and slow work
         * belongs on an executor.
         *
         * @param listener the listener
         * @return a builder with this listener
         * @throws IllegalArgumentException naming {@code listener} if it is null
         */
        public Builder listener(BookingListener listener) {
            return new Builder(client, database, collection, writeConcern, readConcern, clock,
                    Arguments.requirePresent("listener", listener), pendingHold, outbox);
        }

        /**
         * How long a multi-seat claim holds its seats while it is being made, default 30 seconds.
         * The seats of such a claim are first taken as holds of this length and then set to their
         * final state; if the process dies in between, they are free again after this long. It must
         * comfortably exceed the time one claim takes (two writes per seat), or claims fail and are
         * retried; longer values keep seats of a crashed claim blocked longer. A concurrent
         * repetition of a request waits at most this long for the first to finish.
         *
         * @param pendingHold from {@link MongoSeatRepository#MIN_PENDING_HOLD 1 second} to
         *                    {@link MongoSeatRepository#MAX_PENDING_HOLD 1 hour}
         * @return a builder with this pending hold
         * @throws IllegalArgumentException naming {@code pendingHold} if it is null or out of range
         */
        public Builder pendingHold(Duration pendingHold) {
            Arguments.requirePresent("pendingHold", pendingHold);
            if (pendingHold.compareTo(MIN_PENDING_HOLD) < 0 || pendingHold.compareTo(MAX_PENDING_HOLD) > 0) {
                throw new IllegalArgumentException("pendingHold must be between " + MIN_PENDING_HOLD + " and "
                        + MAX_PENDING_HOLD + ", was " + pendingHold);
            }
            return new Builder(client, database, collection, writeConcern, readConcern, clock, listener, pendingHold, outbox);
        }

        /**
         * Writes a notice ({@link dev.booking.core.outbox.Notice}) for every change to {@code outbox};
         * default none. MongoDB changes one document atomically and the repository uses no
         * transactions (it runs on standalone servers too), so the notice travels with the change:
         *
         * <ul>
         * <li><b>Atomic with the change:</b> the conditional write that makes the change final also
         * pushes the notices, with ids chosen at random before it, onto that seat document's
         * {@code outbox} array; the change and its notices are stored together or not at all. For one
         * seat that is its only write. For a group it is the write of the group's <em>last</em> seat
         * in seat order: the settling write of a multi-seat claim (carrying also the EXPIRED notices
         * of the lapsed holds the claim took over), the booking of the last hold of a confirmation,
         * the emptying of the last seat of a release. A sweep's write carries the EXPIRED notice of the
         * hold it clears. A booking or claim of one seat that takes over a lapsed hold writes only if
         * the seat is empty; if it is not, it reads the seat and takes the lapsed hold by its version,
         * carrying the hold's EXPIRED notice and its own (the holder is known only from the document).
         * A release of one seat reads the seat first and empties it by version, for its reference.</li>
         * <li><b>Copied, idempotently:</b> right after the write, the repository inserts the notices
         * into the outbox collection by id (a duplicate key means it is there) and pulls them from the
         * seat. If that fails, or the process dies first, they stay on the seat document, and
         * {@link MongoSeatRepository#recoverNotices(int) the recovery pass} copies them later, by the
         * same ids: never a second record. A change undone after its last write failed (a claim's
         * compensation, a confirmation's undo, also when that write's acknowledgement was lost and it
         * may have been applied) takes the notices back in the same writes that undo it.</li>
         * <li><b>Not atomic, stated plainly:</b> when a concurrent call of the same group (a double
         * click) changed the group's last seat first, this call's confirmation or release pushes its
         * notice onto the last seat it did change, in a write of its own; a process that dies just
         * before that write loses that one notice. A multi-seat claim whose process dies after its
         * pending holds took over lapsed holds, and before it settled, tells those holders nothing
         * (the pending holds lapse and are swept, and told, as the claimant's).</li>
         * </ul>
         *
         * <p>Answers that change nothing write no notice. The listener is told as without an outbox.
         *
         * @param outbox the outbox; its recovery pass then covers this repository
         * @return a builder with this outbox
         * @throws IllegalArgumentException naming {@code outbox} if it is null
         */
        public Builder outbox(MongoOutbox outbox) {
            return new Builder(client, database, collection, writeConcern, readConcern, clock, listener, pendingHold,
                    Arguments.requirePresent("outbox", outbox));
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
