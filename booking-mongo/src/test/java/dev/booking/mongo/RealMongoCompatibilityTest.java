package dev.booking.mongo;

import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.RealMongoServer;
import dev.booking.tck.SeatRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The compatibility kit against real MongoDB, with the repository's defaults (majority write and
 * read concern). The server is found by {@link RealMongoServer}: {@value RealMongoServer#URI_VARIABLE},
 * else a {@value RealMongoServer#IMAGE} container, else a skip with one line (a failure with
 * {@code BOOKING_REQUIRE_MONGO=true}). Tagged {@code optional-server}: it is part of the build only
 * where MongoDB can be reached (see the parent pom's profiles).
 */
@Tag("optional-server")
class RealMongoCompatibilityTest extends SeatRepositoryContract {

    private static RealMongoServer server;
    private static MongoSeatRepository repository;

    @BeforeAll
    static void connect() {
        server = RealMongoServer.connect();
        repository = MongoSeatRepository.builder(server.client()).database(server.database()).collection("seats_tck").build();
        repository.createIndexes();
    }

    @AfterAll
    static void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected SeatRepository repository() {
        return repository;
    }
}
