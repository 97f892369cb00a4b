package dev.booking.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import dev.booking.mongo.testsupport.InProcessMongo;

/**
 * The race demo's and the benchmark's embedded MongoDB stand-in ({@link MongoStore}): the project's
 * one in-process test server ({@link InProcessMongo}: mongo-java-server, memory backend, replies
 * copied under the collection lock) with a client whose pool is opened up front. It is a test server
 * that speaks MongoDB's wire protocol, not MongoDB: no journal, no replication.
 *
 * <p>Thread-safety: the client is safe to share; {@link #close()} once.
 */
public final class InProcessMongoServer implements AutoCloseable {

    private final InProcessMongo mongo;

    private InProcessMongoServer(InProcessMongo mongo) {
        this.mongo = mongo;
    }

    /**
     * Starts the server and connects a client whose pool holds {@code poolSize} connections.
     *
     * @param applicationName the name the client reports to the server
     * @param poolSize        connections in the client's pool, opened up front
     */
    public static InProcessMongoServer start(String applicationName, int poolSize) {
        return new InProcessMongoServer(InProcessMongo.start(settings -> settings
                .applicationName(applicationName)
                .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize).minSize(poolSize))));
    }

    /** The connected client; closed by {@link #close()}. */
    public MongoClient client() {
        return mongo.client();
    }

    /** Where the server listens, {@code host:port}. */
    public String hostAndPort() {
        return new ConnectionString(mongo.connectionString()).getHosts().get(0);
    }

    /** mongo-java-server's version; its jar carries none, so the build records it. */
    public static String version() {
        return BuildInfo.get("mongo-java-server.version");
    }

    @Override
    public void close() {
        mongo.close();
    }
}
