package dev.booking.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadConcernLevel;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.connection.ClusterType;
import dev.booking.core.ShowId;
import dev.booking.mongo.MongoOutbox;
import dev.booking.mongo.MongoSeatRepository;
import org.bson.Document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * MongoDB through the library's adapter: a server given by its connection string, or, without one,
 * the in-process mongo-java-server ({@link InProcessMongoServer}). The latter is a test server that
 * speaks MongoDB's wire protocol; it is not MongoDB, has no journal and no replication, and ignores
 * write and read concerns, and the description says so.
 */
public final class MongoStore implements Store {

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

    private final InProcessMongoServer server; // null for a real server
    private final MongoClient client;
    private final String database;
    private final String collection;
    private final MongoSeatRepository repository;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String description;
    private volatile MongoOutbox outbox; // created on first use, under this store's lock
    private volatile MongoSeatRepository repositoryWithOutbox;

    private MongoStore(InProcessMongoServer server, MongoClient client, String database, String collection,
                       String where, int poolSize) {
        this.server = server;
        this.client = client;
        this.database = database;
        this.collection = collection;
        this.repository = MongoSeatRepository.builder(client).database(database).collection(collection).build();
        this.repository.createIndexes();
        Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
        String version = String.valueOf(buildInfo.get("version"));
        Object w = repository.writeConcern().getWObject();
        ReadConcernLevel level = repository.readConcern().getLevel();
        String writeConcern = w == null ? "server default" : String.valueOf(w);
        String readConcern = level == null ? "server default" : level.getValue();
        if (server != null) {
            description = "in-process MongoDB wire-protocol test server (mongo-java-server "
                    + InProcessMongoServer.version() + ", memory backend, answering as MongoDB " + version + ") at "
                    + where + ", not MongoDB itself";
            settings.put("version", "mongo-java-server " + InProcessMongoServer.version()
                    + " (in process, memory backend; answers as MongoDB " + version + ")");
            writeConcern += " (the test server acknowledges from memory)";
        } else {
            description = "MongoDB " + version + " at " + where + " (" + clusterType(client) + "; write concern w:"
                    + writeConcern + ", read concern " + readConcern + ")";
            settings.put("version", "MongoDB " + version + " (" + clusterType(client) + ")");
        }
        settings.put("pool", poolSize + " connections (driver pool)");
        settings.put("write concern", writeConcern);
        settings.put("read concern", readConcern);
    }

    /**
     * Connects to MongoDB.
     *
     * @param uriOrNull a MongoDB connection string, or null for the in-process test server
     * @param poolSize  the most connections the client opens
     * @param name      the collection, also the database unless the connection string names one
     * @throws StoreUnreachableException if no server answers in time, or it rejects the credentials
     */
    public static MongoStore open(String uriOrNull, int poolSize, String name) {
        if (uriOrNull == null) {
            InProcessMongoServer server = InProcessMongoServer.start(name, poolSize);
            try {
                return new MongoStore(server, server.client(), name, name, server.hostAndPort(), poolSize);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        ConnectionString uri = new ConnectionString(uriOrNull);
        String database = uri.getDatabase() != null && DATABASE_NAME.matcher(uri.getDatabase()).matches()
                ? uri.getDatabase() : name;
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applicationName(name)
                // 10 s rather than the driver's 30 to learn that nobody answers; the string may say otherwise
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyConnectionString(uri)
                .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize))
                .build());
        try {
            // hosts only: the connection string may carry credentials
            return new MongoStore(null, client, database, name, String.join(",", uri.getHosts()), poolSize);
        } catch (RuntimeException e) {
            client.close();
            if (unreachable(e)) {
                throw StoreUnreachableException.of("MongoDB at " + String.join(",", uri.getHosts()), null, e);
            }
            throw e;
        }
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
    public MongoSeatRepository repository() {
        return repository;
    }

    @Override
    public void dropShow(ShowId show) {
        client.getDatabase(database).getCollection(collection)
                .deleteMany(Filters.eq(MongoSeatRepository.SHOW_FIELD, show.value()));
    }

    /**
     * {@inheritDoc} The outbox is the collection {@code <collection>_outbox}; the repository carries
     * each notice on the seat document its change writes, then copies it there.
     */
    @Override
    public MongoSeatRepository repositoryWithOutbox() {
        MongoSeatRepository made = repositoryWithOutbox;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (repositoryWithOutbox == null) {
                MongoSeatRepository created = MongoSeatRepository.builder(client).database(database)
                        .collection(collection).outbox(outbox()).build();
                created.createIndexes(); // with the index its recovery finds notices left on seats by
                repositoryWithOutbox = created;
            }
            return repositoryWithOutbox;
        }
    }

    @Override
    public synchronized MongoOutbox outbox() {
        if (outbox == null) {
            MongoOutbox created = MongoOutbox.builder(client).database(database).collection(outboxCollection()).build();
            created.createIndexes();
            outbox = created;
        }
        return outbox;
    }

    @Override
    public synchronized void clearOutbox() {
        if (outbox != null) {
            client.getDatabase(database).getCollection(outboxCollection()).deleteMany(new Document());
        }
    }

    private String outboxCollection() {
        return collection + "_outbox";
    }

    @Override
    public String drop() {
        boolean withOutbox = outbox != null;
        if (withOutbox) {
            client.getDatabase(database).getCollection(outboxCollection()).drop();
        }
        client.getDatabase(database).getCollection(collection).drop();
        return "dropped " + container() + (withOutbox ? " and collection " + outboxCollection() : "");
    }

    @Override
    public String container() {
        return "collection " + collection + (collection.equals(database) ? "" : " (database " + database + ")");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close(); // closes the client too
        } else {
            client.close();
        }
    }

    /** Whether the driver, perhaps wrapped by the library, said that no server answered or let it in. */
    private static boolean unreachable(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
                    || t instanceof MongoSecurityException) {
                return true;
            }
        }
        return false;
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
}
