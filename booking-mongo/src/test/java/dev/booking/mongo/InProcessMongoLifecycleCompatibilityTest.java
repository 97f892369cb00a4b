package dev.booking.mongo;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.StoreFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Optional;

/**
 * The lifecycle rules of the compatibility kit against {@link MongoSeatRepository} on the in-process
 * mongo-java-server, over TCP through a real driver client, with the system clock. Every rule gets a
 * repository of its own, wired to the rule's listener, on one shared collection, through a
 * {@link FaultInjectingMongoClient}: the kit's fault hook for rules 25 and 26.
 */
class InProcessMongoLifecycleCompatibilityTest extends SeatLifecycleContract {

    private static InProcessMongo mongo;
    private static FaultInjectingMongoClient faults;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        MongoSeatRepository.builder(mongo.client()).database("booking_tck").collection("lifecycle").build()
                .createIndexes();
        faults = new FaultInjectingMongoClient(mongo.client());
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MongoSeatRepository.builder(faults.client()).database("booking_tck").collection("lifecycle")
                .listener(listener).build();
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(faults.hook());
    }
}
