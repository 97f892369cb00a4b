package dev.booking.mongo.testsupport;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * An in-process mongo-java-server (memory backend) on a random loopback port, and a real
 * {@link MongoClient} talking to it over TCP. This is a test server that speaks MongoDB's wire
 * protocol, not MongoDB: it has no journal and no replication, so it accepts read and write concern
 * {@code majority} and simply ignores them. Its replies are copied under the collection's lock
 * ({@link CopyingMemoryBackend}), so that a concurrent update cannot tear them.
 *
 * <p>Thread-safety: the client is safe to share; start and close from one thread.
 */
public final class InProcessMongo implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;
    private final MongoClient client;

    private InProcessMongo(Consumer<MongoClientSettings.Builder> settings) {
        server = new MongoServer(new CopyingMemoryBackend());
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            address = server.getLocalAddress();
            MongoClientSettings.Builder builder = MongoClientSettings.builder()
                    .applicationName("booking-mongo-tests")
                    .applyConnectionString(new ConnectionString(connectionString()));
            settings.accept(builder);
            client = MongoClients.create(builder.build());
        } catch (RuntimeException e) {
            server.shutdownNow(); // or its port and threads outlive the failed start
            throw e;
        }
    }

    /** Starts a server and connects a client with the driver's default settings. */
    public static InProcessMongo start() {
        return new InProcessMongo(settings -> { });
    }

    /**
     * Starts a server and connects a client with adjusted settings (application name, timeouts,
     * pool size, listeners); the connection string is already applied.
     */
    public static InProcessMongo start(Consumer<MongoClientSettings.Builder> settings) {
        return new InProcessMongo(settings);
    }

    /** Where the server listens, as {@code mongodb://host:port}. */
    public String connectionString() {
        return "mongodb://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The connected client; closed by {@link #close()}. */
    public MongoClient client() {
        return client;
    }

    /** Stops the server at once, closing every connection, while the client stays open. */
    public void stopServer() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.shutdownNow();
        }
    }
}
