package dev.booking.notify.it;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcOutbox;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.mongo.MongoOutbox;
import dev.booking.mongo.MongoSeatRepository;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Where one test's seats and outbox live, in a form another JVM can be handed on its command line:
 * the store's URL and the names of the test's own tables (or collections), random, so tests never
 * share state and every run cleans up what it made.
 *
 * @param kind        SQL or MongoDB
 * @param url         the JDBC URL (with credentials) or the MongoDB connection string
 * @param seatTable   the seat table or collection
 * @param outboxTable the outbox table or collection
 */
record StoreSpec(Kind kind, String url, String seatTable, String outboxTable) {

    /** The database the MongoDB collections live in. */
    static final String MONGO_DATABASE = "booking_notify_it";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two families of stores. */
    enum Kind {
        /** {@link JdbcSeatRepository} and {@link JdbcOutbox}. */
        SQL,
        /** {@link MongoSeatRepository} and {@link MongoOutbox}. */
        MONGO
    }

    /** A spec with new random table names, lowercase and unquoted-safe on every store. */
    static StoreSpec fresh(Kind kind, String url) {
        String suffix = HexFormat.of().formatHex(randomBytes());
        return new StoreSpec(kind, url, "nseat_" + suffix, "nout_" + suffix);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The spec as command-line arguments, read back by {@link #parse}. */
    List<String> args() {
        return List.of(kind.name(), url, seatTable, outboxTable);
    }

    /** The spec in {@code args[from..from+3]}, as {@link #args()} wrote it. */
    static StoreSpec parse(String[] args, int from) {
        return new StoreSpec(Kind.valueOf(args[from]), args[from + 1], args[from + 2], args[from + 3]);
    }

    /**
     * Opens the store as one application process does: its own pool of {@code poolSize} connections
     * (or its own client), a repository that writes every change's notice to the outbox, and the outbox.
     */
    Stores open(int poolSize) {
        return kind == Kind.SQL ? openSql(poolSize) : openMongo(poolSize);
    }

    private Stores openSql(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("notify-it-" + outboxTable);
        config.setConnectionTimeout(60_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            JdbcOutbox outbox = JdbcOutbox.builder(pool).table(outboxTable).build();
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table(seatTable).outbox(outbox).build();
            Runnable createSchema = () -> {
                seats.createSchema();
                outbox.createSchema();
            };
            Runnable drop = () -> dropTables(pool, seats.dialect(),
                    List.of(seatTable, seatTable + "_reference", outboxTable));
            return new Stores(seats, outbox, createSchema, drop, pool::close);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private Stores openMongo(int poolSize) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(url))
                .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize))
                .applicationName("booking-notify-it")
                .build());
        try {
            MongoOutbox outbox = MongoOutbox.builder(client).database(MONGO_DATABASE).collection(outboxTable).build();
            MongoSeatRepository seats = MongoSeatRepository.builder(client).database(MONGO_DATABASE)
                    .collection(seatTable).outbox(outbox).build();
            Runnable createSchema = () -> {
                seats.createIndexes();
                outbox.createIndexes();
            };
            Runnable drop = () -> {
                client.getDatabase(MONGO_DATABASE).getCollection(seatTable).drop();
                client.getDatabase(MONGO_DATABASE).getCollection(outboxTable).drop();
            };
            return new Stores(seats, outbox, createSchema, drop, client::close);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static void dropTables(HikariDataSource pool, Dialect dialect, List<String> tables) {
        // the library creates its tables under quoted lowercase names; H2 would upper-case unquoted ones
        String quote = dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? "`" : "\"";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + quote + table + quote);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + tables, e);
        }
    }
}
