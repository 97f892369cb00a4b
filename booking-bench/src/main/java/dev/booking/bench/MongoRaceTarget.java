package dev.booking.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcernLevel;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterType;
import dev.booking.core.SeatRepository;
import dev.booking.mongo.MongoSeatRepository;
import org.bson.Document;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MongoDB for the race demo: either a server given by its connection string, or, without one, the
 * in-process mongo-java-server with its memory backend on a random loopback port. The latter is a
 * test server that speaks MongoDB's wire protocol; it is not MongoDB, has no replication, and
 * ignores write and read concerns, and the description says so.
 */
final class MongoRaceTarget implements RaceTarget {

    /** The collection the demo races in. */
    static final String COLLECTION = "booking_race_demo";

    /** The database used when the connection string names none. */
    static final String DATABASE = "booking_race";

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

    private final InProcessMongoServer server; // null when racing against a real server
    private final MongoClient client;
    private final MongoSeatRepository repository;
    private final String description;

    private MongoRaceTarget(InProcessMongoServer server, MongoClient client, String database, String where) {
        this.server = server;
        this.client = client;
        this.repository = MongoSeatRepository.builder(client).database(database).collection(COLLECTION).build();
        this.repository.createIndexes();
        Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
        String version = String.valueOf(buildInfo.get("version"));
        this.description = server != null
                ? "in-process MongoDB wire-protocol test server (mongo-java-server " + InProcessMongoServer.version()
                        + ", memory backend, answering as MongoDB " + version + ") at " + where
                        + ", not MongoDB itself"
                : "MongoDB " + version + " at " + where + " (" + clusterType(client) + "; " + concerns(repository) + ")";
    }

    /**
     * Opens the demo's MongoDB.
     *
     * @param mongoUriOrNull a MongoDB connection string, or null for the in-process test server
     * @param poolSize       the most connections the client opens
     * @return the target; close it to release the client (and the server)
     */
    static MongoRaceTarget open(String mongoUriOrNull, int poolSize) {
        if (mongoUriOrNull != null) {
            ConnectionString uri = new ConnectionString(mongoUriOrNull);
            String database = uri.getDatabase() != null && DATABASE_NAME.matcher(uri.getDatabase()).matches()
                    ? uri.getDatabase() : DATABASE;
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applicationName("booking-race-demo")
                    .applyConnectionString(uri)
                    .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize))
                    .build());
            try {
                // hosts only: the connection string may carry credentials
                return new MongoRaceTarget(null, client, database, String.join(",", uri.getHosts()));
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
        InProcessMongoServer server = InProcessMongoServer.start("booking-race-demo", poolSize);
        try {
            return new MongoRaceTarget(server, server.client(), DATABASE, server.hostAndPort());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static String concerns(MongoSeatRepository repository) {
        Object w = repository.writeConcern().getWObject();
        ReadConcernLevel level = repository.readConcern().getLevel();
        return "write concern w:" + (w == null ? "server default" : w)
                + ", read concern " + (level == null ? "server default" : level.getValue());
    }

    private static String clusterType(MongoClient client) {
        ClusterType type = client.getClusterDescription().getType();
        return switch (type) {
            case STANDALONE -> "standalone: majority means this one server";
            case REPLICA_SET -> "replica set";
            case SHARDED -> "sharded cluster";
            default -> type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SeatRepository repository() {
        return repository;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close(); // closes the client too
        } else {
            client.close();
        }
    }
}
