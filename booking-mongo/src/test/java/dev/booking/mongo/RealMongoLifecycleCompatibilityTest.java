package dev.booking.mongo;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.RealMongoServer;
import dev.booking.tck.SeatLifecycleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The lifecycle rules of the compatibility kit against real MongoDB, with the repository's defaults
 * (majority write and read concern, the system clock), on the server {@link RealMongoServer} finds.
 * Tagged {@code optional-server}: part of the build only where MongoDB can be reached.
 */
@Tag("optional-server")
class RealMongoLifecycleCompatibilityTest extends SeatLifecycleContract {

    private static RealMongoServer server;

    @BeforeAll
    static void connect() {
        server = RealMongoServer.connect();
        MongoSeatRepository.builder(server.client()).database(server.database()).collection("lifecycle_tck").build()
                .createIndexes();
    }

    @AfterAll
    static void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MongoSeatRepository.builder(server.client()).database(server.database()).collection("lifecycle_tck")
                .listener(listener).build();
    }
}
