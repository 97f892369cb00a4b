package dev.booking.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compatibility kit against real MongoDB, with the repository's defaults (majority write and
 * read concern). The server is, in this order: the one named by {@value #URI_VARIABLE}; else a
 * {@value #IMAGE} container started by Testcontainers as a single-node replica set, if a Docker
 * engine is available; else the class is skipped with one line saying how to enable it, or fails
 * if {@value #REQUIRE_VARIABLE}{@code =true} (for CI, where a silent skip would hide a missing
 * server).
 */
class RealMongoSeatRepositoryTest extends SeatRepositoryContract {

    static final String URI_VARIABLE = "BOOKING_TEST_MONGO_URI";
    static final String REQUIRE_VARIABLE = "BOOKING_REQUIRE_MONGO";
    static final String IMAGE = "mongo:7";

    private static MongoDBContainer container;
    private static MongoClient client;
    private static MongoSeatRepository repository;

    @BeforeAll
    static void connect() {
        String uri = System.getenv(URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            if (!dockerAvailable()) {
                String why = "No MongoDB for the real-server kit: set " + URI_VARIABLE
                        + "=mongodb://host:27017/booking_tck (a replica set, ideally) or run with a Docker engine";
                if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
                    Assertions.fail(why + " (" + REQUIRE_VARIABLE + "=true)");
                }
                Assumptions.abort(why);
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
        String home = System.getProperty("user.home");
        boolean hinted = System.getenv("DOCKER_HOST") != null
                || System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE") != null
                || "true".equalsIgnoreCase(System.getenv("BOOKING_TEST_DOCKER"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".colima"))
                || Files.exists(Path.of(home, ".rd", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"));
        if (!hinted) {
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
