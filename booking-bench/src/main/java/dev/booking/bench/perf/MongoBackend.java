package dev.booking.bench.perf;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.mongo.MongoSeatRepository;
import dev.booking.mongo.internal.SeatDocuments;
import org.bson.Document;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The MongoDB adapter against the in-process mongo-java-server (memory backend) on a loopback port: a
 * wire-protocol test server, not MongoDB, with no journal and no replication, so its figures show the
 * adapter and the driver rather than a database. The library is the only variant here.
 */
final class MongoBackend implements Backend {

    private static final String DATABASE = "booking_bench";
    private static final String COLLECTION = "booking_bench";
    /** Written by the build (resource filtering of booking-bench), shared with the race demo. */
    private static final String BUILD_PROPERTIES = "/booking-bench-build.properties";

    private final MongoServer server;
    private final MongoClient client;
    private final MongoSeatRepository repository;
    private final List<Approach> approaches;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String description;

    private MongoBackend(MongoServer server, MongoClient client, int poolSize) {
        this.server = server;
        this.client = client;
        this.repository = MongoSeatRepository.builder(client).database(DATABASE).collection(COLLECTION).build();
        this.repository.createIndexes();
        this.approaches = List.of(new LibraryApproach(Variants.LIBRARY, repository));
        Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
        this.description = "mongo-java-server " + serverVersion() + " (in process, memory backend; answers as MongoDB "
                + buildInfo.get("version") + ")";
        settings.put("version", description);
        settings.put("pool", poolSize + " connections (driver pool)");
        settings.put("write concern", String.valueOf(repository.writeConcern().getWObject())
                + " (the test server acknowledges from memory)");
        settings.put("read concern", String.valueOf(repository.readConcern().getLevel()));
    }

    /** Starts the server on a random loopback port and connects a client with a pool of {@code poolSize}. */
    static MongoBackend start(int poolSize) {
        MongoServer server = new MongoServer(new MemoryBackend());
        MongoClient client = null;
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress address = server.getLocalAddress();
            client = MongoClients.create(MongoClientSettings.builder()
                    .applicationName("booking-bench")
                    .applyConnectionString(new ConnectionString("mongodb://" + address.getAddress().getHostAddress()
                            + ":" + address.getPort()))
                    .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize).minSize(poolSize))
                    .build());
            return new MongoBackend(server, client, poolSize);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.shutdownNow();
            throw e;
        }
    }

    /** mongo-java-server's jar carries no version; the build writes it into a filtered resource. */
    private static String serverVersion() {
        try (InputStream in = MongoBackend.class.getResourceAsStream(BUILD_PROPERTIES)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("mongo-java-server.version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.MONGO;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    @Override
    public SeatRepository repository() {
        return repository;
    }

    @Override
    public List<Approach> approaches() {
        return approaches;
    }

    @Override
    public void dropShow(ShowId show) {
        client.getDatabase(DATABASE).getCollection(COLLECTION).deleteMany(Filters.eq(SeatDocuments.SHOW, show.value()));
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
