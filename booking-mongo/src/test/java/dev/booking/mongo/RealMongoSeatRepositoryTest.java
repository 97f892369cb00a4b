package dev.booking.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatRepositoryContract;
import dev.booking.tck.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The compatibility kit against real MongoDB, with the repository's defaults (majority write and
 * read concern). The server is, in this order: the one named by {@value #URI_VARIABLE}; else a
 * {@value #IMAGE} container started by Testcontainers as a single-node replica set, if a Docker
 * engine is available; else the class is skipped with one line saying how to enable it, or fails
 * if {@code BOOKING_REQUIRE_MONGO=true} (see {@link TestServers}). Tagged {@code optional-server}: it
 * is part of the build only where MongoDB can be reached (see the parent pom's profiles).
 */
@Tag("optional-server")
class RealMongoSeatRepositoryTest extends SeatRepositoryContract {

    static final String URI_VARIABLE = "BOOKING_TEST_MONGO_URI";
    static final String IMAGE = "mongo:7";

    private static MongoDBContainer container;
    private static MongoClient client;
    private static MongoSeatRepository repository;

    @BeforeAll
    static void connect() {
        String uri = System.getenv(URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            if (!dockerAvailable()) {
                throw TestServers.unavailable("MONGO", "set " + URI_VARIABLE
                        + "=mongodb://host:27017/booking_tck (a replica set, ideally) or run with a Docker engine", false);
            }
            container = new MongoDBContainer(IMAGE).withReplicaSet();
            container.start();
            uri = container.getReplicaSetUrl("booking_tck");
        }
        ConnectionString connection = new ConnectionString(uri);
        client = MongoClients.create(connection);
        repository = MongoSeatRepository.builder(client)
                .database(connection.getDatabase() != null ? connection.getDatabase() : "booking_tck")
                .collection("seats_tck")
                .build();
        repository.createIndexes();
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
    protected SeatRepository repository() {
        return repository;
    }
}
