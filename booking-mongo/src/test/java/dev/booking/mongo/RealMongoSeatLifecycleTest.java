package dev.booking.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The lifecycle rules of the compatibility kit against real MongoDB, with the repository's defaults
 * (majority write and read concern, the system clock). The server is found as for
 * {@link RealMongoSeatRepositoryTest}: {@value RealMongoSeatRepositoryTest#URI_VARIABLE}, else a
 * {@value RealMongoSeatRepositoryTest#IMAGE} single-node replica set started by Testcontainers, else
 * a skip with one line (a failure with {@code BOOKING_REQUIRE_MONGO=true}). Tagged
 * {@code optional-server}: part of the build only where MongoDB can be reached.
 */
@Tag("optional-server")
class RealMongoSeatLifecycleTest extends SeatLifecycleContract {

    private static MongoDBContainer container;
    private static MongoClient client;
    private static String database;

    @BeforeAll
    static void connect() {
        String uri = System.getenv(RealMongoSeatRepositoryTest.URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            if (!dockerAvailable()) {
                throw TestServers.unavailable("MONGO", "set " + RealMongoSeatRepositoryTest.URI_VARIABLE
                        + "=mongodb://host:27017/booking_tck (a replica set, ideally) or run with a Docker engine", false);
            }
            container = new MongoDBContainer(RealMongoSeatRepositoryTest.IMAGE).withReplicaSet();
            container.start();
            uri = container.getReplicaSetUrl("booking_tck");
        }
        ConnectionString connection = new ConnectionString(uri);
        client = MongoClients.create(connection);
        database = connection.getDatabase() != null ? connection.getDatabase() : "booking_tck";
        MongoSeatRepository.builder(client).database(database).collection("lifecycle_tck").build().createIndexes();
    }

    private static boolean dockerAvailable() {
        if (!TestServers.dockerHinted()) {
            return false; // spares Testcontainers' long error report on machines without any trace of Docker
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
        if (container != null) {
            container.stop();
        }
    }

    @Override
    protected SeatRepository repository(BookingListener listener) {
        return MongoSeatRepository.builder(client).database(database).collection("lifecycle_tck")
                .listener(listener).build();
    }
}
