package dev.booking.mongo;

import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.testsupport.RealMongoServer;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.StoreFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.util.Optional;

/**
 * The lifecycle rules of the compatibility kit against real MongoDB, with the repository's defaults
 * (majority write and read concern, the system clock), on the server {@link RealMongoServer} finds.
 * Tagged {@code optional-server}: part of the build only where MongoDB can be reached. The
 * repositories use the client through a {@link FaultInjectingMongoClient}, the kit's fault hook for
 * rules 25 and 26.
 */
@Tag("optional-server")
class RealMongoLifecycleCompatibilityTest extends SeatLifecycleContract {

    private static RealMongoServer server;
    private static FaultInjectingMongoClient faults;

    @BeforeAll
    static void connect() {
        server = RealMongoServer.connect();
        MongoSeatRepository.builder(server.client()).database(server.database()).collection("lifecycle_tck").build()
                .createIndexes();
        faults = new FaultInjectingMongoClient(server.client());
    }

    @AfterAll
    static void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MongoSeatRepository.builder(faults.client()).database(server.database()).collection("lifecycle_tck")
                .listener(listener).build();
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(faults.hook());
    }
}
