package dev.booking.mongo;

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
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.booking.core.BookingException;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;
import dev.booking.mongo.internal.FailureTranslator;
import dev.booking.mongo.internal.MongoNames;
import dev.booking.mongo.internal.NoticeCopy;
import dev.booking.mongo.internal.NoticeMapping;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.booking.mongo.internal.NoticeMapping.ATTEMPTS;
import static dev.booking.mongo.internal.NoticeMapping.CREATED_AT;
import static dev.booking.mongo.internal.NoticeMapping.ID;
import static dev.booking.mongo.internal.NoticeMapping.LAST_ERROR;
import static dev.booking.mongo.internal.NoticeMapping.LEASE_OWNER;
import static dev.booking.mongo.internal.NoticeMapping.LEASE_UNTIL;
import static dev.booking.mongo.internal.NoticeMapping.NANOS;
import static dev.booking.mongo.internal.NoticeMapping.NEXT_ATTEMPT_AT;
import static dev.booking.mongo.internal.NoticeMapping.SENT_AT;
import static dev.booking.mongo.internal.NoticeMapping.STATE;

/**
 * The transactional outbox on MongoDB: one document per record in its own collection (default
 * {@value #DEFAULT_COLLECTION}), {@code _id} the notice id, so a record cannot exist twice.
 *
 * <pre>{@code
 * MongoOutbox outbox = MongoOutbox.builder(mongoClient).database("booking").build();
 * outbox.createIndexes();
 * MongoSeatRepository seats = MongoSeatRepository.builder(mongoClient).database("booking").outbox(outbox).build();
 * OutboxRelay relay = OutboxRelay.builder(outbox, delivery).build().start();
 * }</pre>
 *
 * <p><b>Claims are leases.</b> {@link #claimDue} repeats one {@code findOneAndUpdate} per record, up to
 * the limit: it matches a {@code PENDING} record that is due and whose lease is free or has ended
 * (oldest first), and in the same atomic write sets {@code leaseOwner} and {@code leaseUntil} and
 * adds one to {@code attempts}. MongoDB applies filter and update to one document atomically, so
 * two relays never claim one record; a relay that matches nothing has claimed everything due. The
 * {@code mark*} writes match only the record still {@code PENDING} under the caller's lease.
 *
 * <p><b>How notices get here</b> from a {@link MongoSeatRepository} built with this outbox: see
 * {@link MongoSeatRepository.Builder#outbox(MongoOutbox)}. Notices that a dead process left on seat
 * documents are copied here by {@link MongoSeatRepository#recoverNotices(int)}; {@link #claimDue} runs
 * that pass itself for every repository built with this instance, at most once per
 * {@link #RECOVERY_INTERVAL}, so a relay running on this instance needs nothing more.
 *
 * <p><b>Concerns and clock.</b> Write and read concern default to {@code MAJORITY}, as for the seats:
 * a record acknowledged under {@code w:1} can be rolled back by a failover. Every read is from the
 * primary. The {@link Builder#clock clock} dates records appended by {@link #appendIfAbsent} and
 * requeued ones; claims and marks take their instants from the caller (the relay).
 *
 * <p><b>Errors.</b> Every {@link MongoException} becomes a {@link BookingException}, classified as by
 * the repository. Thread-safety: safe to share between threads; several instances, in several
 * processes, may work on one collection at once.
 */
public final class MongoOutbox implements OutboxStore {

    /** The collection used unless {@link Builder#collection} says otherwise. */
    public static final String DEFAULT_COLLECTION = "booking_outbox";

    /** The name of the {@code {state: 1, nextAttemptAt: 1, createdAt: 1}} index the claim uses. */
    public static final String DUE_INDEX = "state_1_nextAttemptAt_1_createdAt_1";

    /** The name of the {@code {state: 1, createdAt: 1}} index that list and purge use. */
    public static final String STATE_INDEX = "state_1_createdAt_1";

    /** The shortest time between two recovery passes that {@link #claimDue} runs. */
    public static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(5);

    /** Seat documents one recovery pass looks at, per repository. */
    static final int RECOVERY_BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(MongoOutbox.class);

    private static final FindOneAndUpdateOptions CLAIM = new FindOneAndUpdateOptions()
            .sort(Sorts.ascending(CREATED_AT, CREATED_AT + NANOS, ID)).returnDocument(ReturnDocument.AFTER);

    private final String database;
    private final String collectionName;
    private final Clock clock;
    private final MongoCollection<Document> collection;
    private final NoticeCopy copy;
    /** By seat namespace: building many repositories on one collection keeps one, so nothing piles up. */
    private final Map<String, MongoSeatRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicLong nextRecovery = new AtomicLong(Long.MIN_VALUE);

    private MongoOutbox(Builder builder) {
        this.database = builder.database;
        this.collectionName = builder.collection;
        this.clock = builder.clock;
        // getDatabase/getCollection only build handles; nothing is sent to the server here
        this.collection = builder.client.getDatabase(builder.database).getCollection(builder.collection)
                .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
                .withWriteConcern(builder.writeConcern)
                .withReadConcern(builder.readConcern)
                .withReadPreference(ReadPreference.primary());
        this.copy = new NoticeCopy(collection);
    }

    /**
     * Starts configuring an outbox on {@code client}, with database
     * {@value MongoSeatRepository#DEFAULT_DATABASE}, collection {@value #DEFAULT_COLLECTION}, write and
     * read concern {@code MAJORITY} and the system clock in UTC.
     *
     * @param client the client to use; the caller keeps owning it and closes it
     * @return a builder
     * @throws IllegalArgumentException if {@code client} is null
     */
    public static Builder builder(MongoClient client) {
        return new Builder(Arguments.requirePresent("client", client), MongoSeatRepository.DEFAULT_DATABASE,
                DEFAULT_COLLECTION, WriteConcern.MAJORITY, ReadConcern.MAJORITY, Clock.systemUTC());
    }

    /**
     * Creates the indexes {@value #DUE_INDEX} (the claim's query and sort) and {@value #STATE_INDEX}
     * (list, count and purge). Never done by itself; repeating it is harmless. Correctness does not
     * depend on them, only speed.
     *
     * @throws BookingException if the server refuses
     */
    public void createIndexes() {
        run("createIndexes", () -> {
            collection.createIndex(Indexes.ascending(STATE, NEXT_ATTEMPT_AT, CREATED_AT), new IndexOptions().name(DUE_INDEX));
            collection.createIndex(Indexes.ascending(STATE, CREATED_AT), new IndexOptions().name(STATE_INDEX));
            return null;
        });
    }

    /** {@inheritDoc} An {@code insertOne}; a duplicate key on {@code _id} means the record exists. */
    @Override
    public boolean appendIfAbsent(Notice notice) {
        Arguments.requirePresent("notice", notice);
        return run("appendIfAbsent", () -> copy.insertIfAbsent(notice));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Up to {@code limit} atomic {@code findOneAndUpdate}s, each leasing the oldest due record
     * (see the class documentation). Before them, at most once per {@link #RECOVERY_INTERVAL}, the
     * recovery pass of every repository built with this outbox.
     */
    @Override
    public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
        Arguments.requirePresent("relay", relay);
        Arguments.requirePresent("now", now);
        Arguments.requirePresent("leaseUntil", leaseUntil);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        recoverNow();
        Bson due = Filters.and(Filters.eq(STATE, OutboxState.PENDING.name()),
                Filters.lte(NEXT_ATTEMPT_AT, Date.from(now)),
                Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now))));
        Bson lease = Updates.combine(Updates.set(LEASE_OWNER, relay), Updates.set(LEASE_UNTIL, Date.from(leaseUntil)),
                Updates.inc(ATTEMPTS, 1));
        return run("claimDue", () -> {
            List<OutboxRecord> claimed = new ArrayList<>();
            while (claimed.size() < limit) {
                Document record = collection.findOneAndUpdate(due, lease, CLAIM);
                if (record == null) {
                    break;
                }
                claimed.add(NoticeMapping.toRecord(record));
            }
            return claimed;
        });
    }

    /**
     * {@inheritDoc} A lease that ended still counts as long as no relay claimed the record since:
     * marking it sent then spares the receiver a repeat.
     */
    @Override
    public boolean markSent(String id, String relay, Instant at) {
        Arguments.requirePresent("at", at);
        Document sent = new Document();
        NoticeMapping.putInstant(sent, SENT_AT, at);
        sent.append(STATE, OutboxState.SENT.name()).append(LEASE_OWNER, null).append(LEASE_UNTIL, null);
        return mark("markSent", leased(id, relay), new Document("$set", sent));
    }

    /** {@inheritDoc} */
    @Override
    public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
        Arguments.requirePresent("nextAttemptAt", nextAttemptAt);
        Document retry = new Document();
        NoticeMapping.putInstant(retry, NEXT_ATTEMPT_AT, nextAttemptAt);
        retry.append(LAST_ERROR, error).append(LEASE_OWNER, null).append(LEASE_UNTIL, null);
        return mark("markRetry", leased(id, relay), new Document("$set", retry));
    }

    /** {@inheritDoc} */
    @Override
    public boolean markDead(String id, String relay, String error) {
        return mark("markDead", leased(id, relay), Updates.combine(Updates.set(STATE, OutboxState.DEAD.name()),
                Updates.set(LAST_ERROR, error), Updates.set(LEASE_OWNER, null), Updates.set(LEASE_UNTIL, null)));
    }

    /** {@inheritDoc} Due at this outbox's clock's now. */
    @Override
    public boolean requeue(String id) {
        Arguments.requirePresent("id", id);
        Document pending = new Document(STATE, OutboxState.PENDING.name()).append(ATTEMPTS, 0)
                .append(LEASE_OWNER, null).append(LEASE_UNTIL, null);
        NoticeMapping.putInstant(pending, NEXT_ATTEMPT_AT, clock.instant());
        return mark("requeue", Filters.and(Filters.eq(ID, id), Filters.eq(STATE, OutboxState.DEAD.name())),
                new Document("$set", pending));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the ids of up to {@code limit} such records, then deletes those still in {@code state}.
     */
    @Override
    public int purge(OutboxState state, Instant before, int limit) {
        Arguments.requirePresent("state", state);
        Arguments.requirePresent("before", before);
        if (state == OutboxState.PENDING) {
            throw new IllegalArgumentException("state must be SENT or DEAD, pending records are never purged");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return run("purge", () -> {
            List<Object> ids = new ArrayList<>();
            Bson old = Filters.and(Filters.eq(STATE, state.name()), Filters.lt(CREATED_AT, Date.from(before)));
            for (Document document : collection.find(old).projection(new Document(ID, 1)).limit(limit)) {
                ids.add(document.get(ID));
            }
            if (ids.isEmpty()) {
                return 0;
            }
            return (int) collection.deleteMany(Filters.and(Filters.in(ID, ids), Filters.eq(STATE, state.name())))
                    .getDeletedCount();
        });
    }

    /** {@inheritDoc} */
    @Override
    public Optional<OutboxRecord> find(String id) {
        Arguments.requirePresent("id", id);
        return run("find", () -> Optional.ofNullable(collection.find(Filters.eq(ID, id)).first())
                .map(NoticeMapping::toRecord));
    }

    /** {@inheritDoc} */
    @Override
    public List<OutboxRecord> list(OutboxState state, int limit) {
        Arguments.requirePresent("state", state);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return run("list", () -> {
            List<OutboxRecord> records = new ArrayList<>();
            for (Document document : collection.find(Filters.eq(STATE, state.name()))
                    .sort(Sorts.ascending(CREATED_AT, CREATED_AT + NANOS, ID)).limit(limit)) {
                records.add(NoticeMapping.toRecord(document));
            }
            return records;
        });
    }

    /** {@inheritDoc} */
    @Override
    public long count(OutboxState state) {
        Arguments.requirePresent("state", state);
        return run("count", () -> collection.countDocuments(Filters.eq(STATE, state.name())));
    }

    /** The database the records live in. */
    public String database() {
        return database;
    }

    /** The collection the records live in. */
    public String collection() {
        return collectionName;
    }

    /** The clock that dates appended and requeued records. */
    public Clock clock() {
        return clock;
    }

    /** Names the namespace, for messages and logs. */
    @Override
    public String toString() {
        return "MongoOutbox[" + database + "." + collectionName + "]";
    }

    /** How the repository copies its notices here. */
    NoticeCopy copy() {
        return copy;
    }

    /** Called by a repository built with this outbox, so that {@link #claimDue} recovers its notices. */
    void register(MongoSeatRepository repository) {
        repositories.put(repository.database() + "." + repository.collection(), repository);
    }

    /** The recovery pass of every registered repository, if the last one is {@link #RECOVERY_INTERVAL} ago. */
    private void recoverNow() {
        long now = System.nanoTime();
        long due = nextRecovery.get();
        if (repositories.isEmpty() || (due != Long.MIN_VALUE && now - due < 0)
                || !nextRecovery.compareAndSet(due, now + RECOVERY_INTERVAL.toNanos())) {
            return;
        }
        for (MongoSeatRepository repository : repositories.values()) {
            try {
                repository.recoverNotices(RECOVERY_BATCH);
            } catch (BookingException e) {
                // the claim goes on; the next pass tries again
                LOG.warn("recovering the notices of {} failed: {}", repository, e.getMessage());
            }
        }
    }

    private static Bson leased(String id, String relay) {
        Arguments.requirePresent("id", id);
        Arguments.requirePresent("relay", relay);
        return Filters.and(Filters.eq(ID, id), Filters.eq(STATE, OutboxState.PENDING.name()),
                Filters.eq(LEASE_OWNER, relay));
    }

    private boolean mark(String operation, Bson filter, Bson update) {
        return run(operation, () -> collection.updateOne(filter, update).getMatchedCount() == 1);
    }

    private <T> T run(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoException e) {
            throw FailureTranslator.translate(operation + " on " + this, e);
        }
    }

    /**
     * The settings of a {@link MongoOutbox}. Immutable: every setter validates (an
     * {@link IllegalArgumentException} naming the setting) and returns a new builder.
     */
    public static final class Builder {

        private final MongoClient client;
        private final String database;
        private final String collection;
        private final WriteConcern writeConcern;
        private final ReadConcern readConcern;
        private final Clock clock;

        private Builder(MongoClient client, String database, String collection, WriteConcern writeConcern,
                        ReadConcern readConcern, Clock clock) {
            this.client = client;
            this.database = database;
            this.collection = collection;
            this.writeConcern = writeConcern;
            this.readConcern = readConcern;
            this.clock = clock;
        }

        /** The database, default {@value MongoSeatRepository#DEFAULT_DATABASE}; {@code [A-Za-z_][A-Za-z0-9_-]{0,62}}. */
        public Builder database(String name) {
            return new Builder(client, MongoNames.require("database", MongoNames.DATABASE, name), collection,
                    writeConcern, readConcern, clock);
        }

        /** The collection, default {@value MongoOutbox#DEFAULT_COLLECTION}; {@code [A-Za-z_][A-Za-z0-9_]{0,62}}. */
        public Builder collection(String name) {
            return new Builder(client, database, MongoNames.require("collection", MongoNames.COLLECTION, name),
                    writeConcern, readConcern, clock);
        }

        /** The write concern, default {@code MAJORITY}; must be acknowledged. */
        public Builder writeConcern(WriteConcern concern) {
            Arguments.requirePresent("writeConcern", concern);
            if (!concern.isAcknowledged()) {
                throw new IllegalArgumentException("writeConcern must be acknowledged, w:0 cannot report a claim");
            }
            return new Builder(client, database, collection, concern, readConcern, clock);
        }

        /** The read concern, default {@code MAJORITY}. */
        public Builder readConcern(ReadConcern concern) {
            return new Builder(client, database, collection, writeConcern,
                    Arguments.requirePresent("readConcern", concern), clock);
        }

        /** The clock that dates appended and requeued records, default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            return new Builder(client, database, collection, writeConcern, readConcern,
                    Arguments.requirePresent("clock", clock));
        }

        /** Creates the outbox; sends nothing to the server. */
        public MongoOutbox build() {
            return new MongoOutbox(this);
        }
    }
}
