package dev.booking.mongo;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.SeatLifecycleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lifecycle rules of the compatibility kit against {@link MongoSeatRepository} on the in-process
 * mongo-java-server, over TCP through a real driver client, with the system clock. Every rule gets a
 * repository of its own, wired to the rule's listener, on one shared collection.
 */
class InProcessMongoLifecycleCompatibilityTest extends SeatLifecycleContract {

    private static InProcessMongo mongo;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        MongoSeatRepository.builder(mongo.client()).database("booking_tck").collection("lifecycle").build()
                .createIndexes();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MongoSeatRepository.builder(mongo.client()).database("booking_tck").collection("lifecycle")
                .listener(listener).build();
    }
}
