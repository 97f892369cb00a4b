package dev.booking.bench.perf;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.booking.bench.InProcessMongoServer;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.mongo.MongoSeatRepository;
import dev.booking.mongo.internal.SeatMapping;
import org.bson.Document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MongoDB adapter against the in-process mongo-java-server (memory backend) on a loopback port: a
 * wire-protocol test server, not MongoDB, with no journal and no replication, so its figures show the
 * adapter and the driver rather than a database. The library is the only variant here.
 */
final class MongoBackend implements Backend {

    private static final String DATABASE = "booking_bench";
    private static final String COLLECTION = "booking_bench";
    private final InProcessMongoServer server;
    private final MongoClient client;
    private final MongoSeatRepository repository;
    private final List<Approach> approaches;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String description;

    private MongoBackend(InProcessMongoServer server, int poolSize) {
        this.server = server;
        this.client = server.client();
        this.repository = MongoSeatRepository.builder(client).database(DATABASE).collection(COLLECTION).build();
        this.repository.createIndexes();
        this.approaches = List.of(new LibraryApproach(Variants.LIBRARY, repository));
        Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
        this.description = "mongo-java-server " + InProcessMongoServer.version() + " (in process, memory backend; answers as MongoDB "
                + buildInfo.get("version") + ")";
        settings.put("version", description);
        settings.put("pool", poolSize + " connections (driver pool)");
        settings.put("write concern", String.valueOf(repository.writeConcern().getWObject())
                + " (the test server acknowledges from memory)");
        settings.put("read concern", String.valueOf(repository.readConcern().getLevel()));
    }

    /** Starts the server on a random loopback port and connects a client with a pool of {@code poolSize}. */
    static MongoBackend start(int poolSize) {
        InProcessMongoServer server = InProcessMongoServer.start("booking-bench", poolSize);
        try {
            return new MongoBackend(server, poolSize);
        } catch (RuntimeException e) {
            server.close();
            throw e;
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
        client.getDatabase(DATABASE).getCollection(COLLECTION).deleteMany(Filters.eq(SeatMapping.SHOW, show.value()));
    }

    @Override
    public void close() {
        server.close();
    }
}
