package dev.booking.mongo;

import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.HostileInputContract;
import org.junit.jupiter.api.AfterAll;

/**
 * Rule 10 (hostile input) on the in-process MongoDB wire server: operator strings
 * such as {@code {"$gt": ""}}, {@code $where} and dotted keys must stay plain values.
 */
class InProcessMongoHostileInputCompatibilityTest extends HostileInputContract {

    private static InProcessMongo mongo;
    private static MongoSeatRepository repository;

    @Override
    protected SeatRepository repository() {
        if (repository == null) {
            mongo = InProcessMongo.start();
            repository = MongoSeatRepository.builder(mongo.client()).database("booking_hostile").collection("seats").build();
            repository.createIndexes();
        }
        return repository;
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
            mongo = null;
            repository = null;
        }
    }
}
