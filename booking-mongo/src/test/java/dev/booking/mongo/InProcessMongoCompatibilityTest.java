package dev.booking.mongo;

import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.SeatRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The compatibility kit against {@link MongoSeatRepository} on the in-process mongo-java-server,
 * over TCP through a real driver client, with the kit's default number of racers. The server
 * applies a {@code findAndModify} under a per-collection lock, so it is atomic; the kit's races are
 * what would catch it if it were not.
 */
class InProcessMongoCompatibilityTest extends SeatRepositoryContract {

    private static InProcessMongo mongo;
    private static MongoSeatRepository repository;

    @BeforeAll
    static void startServer() {
        mongo = InProcessMongo.start();
        repository = MongoSeatRepository.builder(mongo.client()).database("booking_tck").collection("seats").build();
        repository.createIndexes();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
