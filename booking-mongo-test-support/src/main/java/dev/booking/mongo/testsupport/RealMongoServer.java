package dev.booking.mongo.testsupport;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.testsupport.TestServers;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A real MongoDB for the suites tagged {@code optional-server}: the server named by
 * {@value #URI_VARIABLE}; else a {@value #IMAGE} single-node replica set started by Testcontainers,
 * if a Docker engine is available; else {@link TestServers#unavailable} (a skip with one line, or a
 * failure with {@code BOOKING_REQUIRE_MONGO=true}).
 *
 * <p>Thread-safety: connect and close from one thread; the client is safe to share.
 */
public final class RealMongoServer implements AutoCloseable {

    /** The environment variable with the URI of a MongoDB server to use. */
    public static final String URI_VARIABLE = "BOOKING_TEST_MONGO_URI";
    /** The image Testcontainers starts when no URI is given. */
    public static final String IMAGE = "mongo:7";

    private final MongoDBContainer container;
    private final MongoClient client;
    private final String database;

    private RealMongoServer(MongoDBContainer container, MongoClient client, String database) {
        this.container = container;
        this.client = client;
        this.database = database;
    }

    /** Finds or starts the server and connects to it. */
    public static RealMongoServer connect() {
        String uri = System.getenv(URI_VARIABLE);
        MongoDBContainer container = null;
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
        return new RealMongoServer(container, MongoClients.create(connection),
                connection.getDatabase() != null ? connection.getDatabase() : "booking_tck");
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

    /** The connected client; closed by {@link #close()}. */
    public MongoClient client() {
        return client;
    }

    /** The database the suites work in: the URI's, else {@code booking_tck}. */
    public String database() {
        return database;
    }

    @Override
    public void close() {
        client.close();
        if (container != null) {
            container.stop();
        }
    }
}
