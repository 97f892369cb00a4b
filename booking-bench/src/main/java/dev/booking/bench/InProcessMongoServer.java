package dev.booking.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import dev.booking.mongo.CopyingMemoryBackend;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * mongo-java-server with its memory backend (replies copied under the collection lock, see
 * {@link CopyingMemoryBackend}) on a random loopback port, and a driver client
 * connected to it over TCP: the in-process MongoDB stand-in of both modes ({@link MongoStore}). It is a
 * test server that speaks MongoDB's wire protocol, not MongoDB: no journal, no replication.
 *
 * <p>Thread-safety: the client is safe to share; {@link #close()} once.
 */
public final class InProcessMongoServer implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;
    private final String hostAndPort;

    private InProcessMongoServer(MongoServer server, MongoClient client, String hostAndPort) {
        this.server = server;
        this.client = client;
        this.hostAndPort = hostAndPort;
    }

    /**
     * Starts the server and connects a client whose pool holds {@code poolSize} connections.
     *
     * @param applicationName the name the client reports to the server
     * @param poolSize        connections in the client's pool, opened up front
     */
    public static InProcessMongoServer start(String applicationName, int poolSize) {
        MongoServer server = new MongoServer(new CopyingMemoryBackend());
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress address = server.getLocalAddress();
            String hostAndPort = address.getAddress().getHostAddress() + ":" + address.getPort();
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applicationName(applicationName)
                    .applyConnectionString(new ConnectionString("mongodb://" + hostAndPort))
                    .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize).minSize(poolSize))
                    .build());
            return new InProcessMongoServer(server, client, hostAndPort);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw e;
        }
    }

    /** The connected client; closed by {@link #close()}. */
    public MongoClient client() {
        return client;
    }

    /** Where the server listens, {@code host:port}. */
    public String hostAndPort() {
        return hostAndPort;
    }

    /** mongo-java-server's version; its jar carries none, so the build records it. */
    public static String version() {
        return BuildInfo.get("mongo-java-server.version");
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
