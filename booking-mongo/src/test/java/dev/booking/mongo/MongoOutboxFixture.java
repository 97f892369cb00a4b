package dev.booking.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.tck.outbox.OutboxFixture;

import java.util.List;
import java.util.UUID;

/**
 * The outbox kit's fixture on MongoDB: a seat collection and an outbox collection of random names,
 * a repository writing to the outbox, and a second {@link MongoOutbox} on the same collection
 * through {@code second} (another client where the test has one, as a relay in another process
 * would have); {@link #close()} drops both collections (and the references collection).
 */
final class MongoOutboxFixture implements OutboxFixture {

    private final MongoClient client;
    private final String database;
    private final MongoSeatRepository repository;
    private final MongoOutbox outbox;
    private final MongoOutbox second;

    MongoOutboxFixture(MongoClient client, MongoClient second, String database) {
        this.client = client;
        this.database = database;
        String name = "outbox_tck_" + UUID.randomUUID().toString().replace("-", "");
        this.outbox = MongoOutbox.builder(client).database(database).collection(name + "_outbox").build();
        this.second = MongoOutbox.builder(second).database(database).collection(name + "_outbox").build();
        this.repository = MongoSeatRepository.builder(client).database(database).collection(name).outbox(outbox).build();
        outbox.createIndexes();
        repository.createIndexes();
    }

    @Override
    public SeatRepository repository() {
        return repository;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public OutboxStore secondOutbox() {
        return second;
    }

    @Override
    public void close() {
        MongoDatabase db = client.getDatabase(database);
        List<String> mine = List.of(outbox.collection(), repository.collection(),
                repository.collection() + MongoSeatRepository.REFERENCES_SUFFIX);
        // only those that exist: the in-process server logs an error for a drop of a missing one
        for (String name : db.listCollectionNames()) {
            if (mine.contains(name)) {
                db.getCollection(name).drop();
            }
        }
    }
}
