package dev.booking.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.outbox.OutboxContract;
import dev.booking.tck.outbox.OutboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox kit against {@link MongoOutbox} and a {@link MongoSeatRepository} built with it, on the
 * in-process mongo-java-server; the second relay's outbox connects through a client of its own.
 */
class InProcessMongoOutboxCompatibilityTest extends OutboxContract {

    private static InProcessMongo mongo;
    private static MongoClient secondClient;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        secondClient = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stopServer() {
        if (secondClient != null) {
            secondClient.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected OutboxFixture newFixture() {
        return new MongoOutboxFixture(mongo.client(), secondClient, "booking_outbox_tck");
    }
}
