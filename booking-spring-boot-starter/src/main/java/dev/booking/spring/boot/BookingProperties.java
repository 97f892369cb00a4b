package dev.booking.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The {@code booking.*} properties, bound once at start-up through the constructor and checked there:
 * an invalid value fails the start-up with an {@link IllegalArgumentException} naming the property.
 *
 * @param enabled     {@code booking.enabled}: whether the starter configures anything; default true
 * @param store       {@code booking.store}: where seats live; default {@link Store#AUTO}
 * @param jdbc        {@code booking.jdbc.*}: the SQL store
 * @param mongo       {@code booking.mongo.*}: the MongoDB store
 * @param waitingRoom {@code booking.waiting-room.*}: the in-process waiting room
 * @param line        {@code booking.line.*}: the shared line and its workers
 * @param outbox      {@code booking.outbox.*}: the notifications' outbox and relay
 * @param mail        {@code booking.mail.*}: the relay's mail delivery
 * @param metrics     {@code booking.metrics.*}: Micrometer meters
 */
@ConfigurationProperties("booking")
public record BookingProperties(@DefaultValue("true") boolean enabled,
                                @DefaultValue("auto") Store store,
                                @DefaultValue Jdbc jdbc,
                                @DefaultValue Mongo mongo,
                                @DefaultValue WaitingRoom waitingRoom,
                                @DefaultValue Line line,
                                @DefaultValue Outbox outbox,
                                @DefaultValue Mail mail,
                                @DefaultValue Metrics metrics) {

    /** Checks that every group is present (binding always supplies them). */
    public BookingProperties {
        require("booking.store", store);
        require("booking.jdbc", jdbc);
        require("booking.mongo", mongo);
        require("booking.waiting-room", waitingRoom);
        require("booking.line", line);
        require("booking.outbox", outbox);
        require("booking.mail", mail);
        require("booking.metrics", metrics);
    }

    /** The stores {@code booking.store} chooses from. */
    public enum Store {
        /** The application's {@code DataSource} bean, else its {@code MongoClient} bean, else a start-up failure. */
        AUTO,
        /** {@code JdbcSeatRepository} on the application's {@code DataSource}. */
        JDBC,
        /** {@code MongoSeatRepository} on the application's {@code MongoClient} (needs booking-mongo). */
        MONGO,
        /** {@code InMemorySeatRepository}: one JVM, nothing kept; for tests and demos, only on request. */
        MEMORY
    }

    /** The SQL dialects {@code booking.jdbc.dialect} chooses from. */
    public enum JdbcDialect {
        /** Detected from the connection's metadata at start-up. */
        AUTO,
        /** H2 2.x. */
        H2,
        /** PostgreSQL 15 and later. */
        POSTGRESQL,
        /** MariaDB 10.11 and later. */
        MARIADB,
        /** MySQL 8.0 and later. */
        MYSQL
    }

    /** The transports {@code booking.line.transport} chooses from. */
    public enum Transport {
        /** No shared line. */
        NONE,
        /** A line in this JVM only (booking-queue's {@code InMemoryLine}): tests and demos. */
        IN_MEMORY,
        /** Redis streams (needs booking-queue-redis and {@code booking.line.redis.url}). */
        REDIS,
        /** RabbitMQ quorum queues (needs booking-queue-rabbitmq and {@code booking.line.rabbitmq.url}). */
        RABBITMQ
    }

    /**
     * The SQL store.
     *
     * @param table        {@code booking.jdbc.table}: the seat table; default {@code booking_seat}
     * @param dialect      {@code booking.jdbc.dialect}: default {@link JdbcDialect#AUTO}, detected
     * @param createSchema {@code booking.jdbc.create-schema}: create the tables (and the outbox's) at
     *                     start-up if absent; default false, since schemas usually belong to a migration tool
     */
    public record Jdbc(@DefaultValue("booking_seat") String table,
                       @DefaultValue("auto") JdbcDialect dialect,
                       @DefaultValue("false") boolean createSchema) {
        /** Checks the values. */
        public Jdbc {
            requireText("booking.jdbc.table", table);
            require("booking.jdbc.dialect", dialect);
        }
    }

    /**
     * The MongoDB store.
     *
     * @param database      {@code booking.mongo.database}: default {@code booking}
     * @param collection    {@code booking.mongo.collection}: default {@code seats}
     * @param createIndexes {@code booking.mongo.create-indexes}: create the indexes (and the outbox's) at
     *                      start-up; default false
     */
    public record Mongo(@DefaultValue("booking") String database,
                        @DefaultValue("seats") String collection,
                        @DefaultValue("false") boolean createIndexes) {
        /** Checks the values. */
        public Mongo {
            requireText("booking.mongo.database", database);
            requireText("booking.mongo.collection", collection);
        }
    }

    /**
     * The in-process waiting room; its defaults are {@code WaitingRoomSettings.defaults()}.
     *
     * @param enabled           {@code booking.waiting-room.enabled}: default false
     * @param capacity          {@code booking.waiting-room.capacity}: default 10000
     * @param workers           {@code booking.waiting-room.workers}: default 8
     * @param deadline          {@code booking.waiting-room.deadline}: default 10s
     * @param rememberOwnersFor {@code booking.waiting-room.remember-owners-for}: default 1s
     */
    public record WaitingRoom(@DefaultValue("false") boolean enabled,
                              @DefaultValue("10000") int capacity,
                              @DefaultValue("8") int workers,
                              @DefaultValue("10s") Duration deadline,
                              @DefaultValue("1s") Duration rememberOwnersFor) {
        /** Checks the values. */
        public WaitingRoom {
            atLeastOne("booking.waiting-room.capacity", capacity);
            atLeastOne("booking.waiting-room.workers", workers);
            positive("booking.waiting-room.deadline", deadline);
            require("booking.waiting-room.remember-owners-for", rememberOwnersFor);
            if (rememberOwnersFor.isNegative()) {
                throw new IllegalArgumentException("booking.waiting-room.remember-owners-for must not be negative, was "
                        + rememberOwnersFor);
            }
        }
    }

    /**
     * The shared line.
     *
     * @param transport  {@code booking.line.transport}: default {@link Transport#NONE}
     * @param partitions {@code booking.line.partitions}: default 8; every instance must agree
     * @param capacity   {@code booking.line.capacity}: undecided requests per partition before
     *                   {@code Busy}; default 10000
     * @param name       {@code booking.line.name}: shared by every instance and worker; default {@code booking}
     * @param redis      {@code booking.line.redis.*}
     * @param rabbitmq   {@code booking.line.rabbitmq.*}
     * @param workers    {@code booking.line.workers.*}
     */
    public record Line(@DefaultValue("none") Transport transport,
                       @DefaultValue("8") int partitions,
                       @DefaultValue("10000") long capacity,
                       @DefaultValue("booking") String name,
                       @DefaultValue Redis redis,
                       @DefaultValue Rabbitmq rabbitmq,
                       @DefaultValue Workers workers) {
        /** Checks the values. */
        public Line {
            require("booking.line.transport", transport);
            if (partitions < 1 || partitions > 1024) {
                throw new IllegalArgumentException("booking.line.partitions must be from 1 to 1024, was " + partitions);
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("booking.line.capacity must be at least 1, was " + capacity);
            }
            requireText("booking.line.name", name);
            require("booking.line.redis", redis);
            require("booking.line.rabbitmq", rabbitmq);
            require("booking.line.workers", workers);
        }
    }

    /**
     * The Redis transport.
     *
     * @param url {@code booking.line.redis.url}: {@code redis://[user:password@]host:port[/db]}; required
     *            with {@code booking.line.transport=redis}
     */
    public record Redis(String url) {
    }

    /**
     * The RabbitMQ transport.
     *
     * @param url {@code booking.line.rabbitmq.url}: {@code amqp://user:password@host:5672/vhost}; required
     *            with {@code booking.line.transport=rabbitmq}
     */
    public record Rabbitmq(String url) {
    }

    /**
     * The line's workers in this process.
     *
     * @param enabled     {@code booking.line.workers.enabled}: default true when a line exists
     * @param threads     {@code booking.line.workers.threads}: default 1
     * @param batchSize   {@code booking.line.workers.batch-size}: default 128
     * @param pollWait    {@code booking.line.workers.poll-wait}: default 100ms
     * @param maxAttempts {@code booking.line.workers.max-attempts}: default 5
     */
    public record Workers(@DefaultValue("true") boolean enabled,
                          @DefaultValue("1") int threads,
                          @DefaultValue("128") int batchSize,
                          @DefaultValue("100ms") Duration pollWait,
                          @DefaultValue("5") int maxAttempts) {
        /** Checks the values. */
        public Workers {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("booking.line.workers.threads must be from 1 to 256, was " + threads);
            }
            atLeastOne("booking.line.workers.batch-size", batchSize);
            positive("booking.line.workers.poll-wait", pollWait);
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("booking.line.workers.max-attempts must be from 1 to 100, was "
                        + maxAttempts);
            }
        }
    }

    /**
     * The outbox.
     *
     * @param enabled      {@code booking.outbox.enabled}: default false
     * @param createSchema {@code booking.outbox.create-schema}: create its table (indexes on MongoDB) at
     *                     start-up; default false
     * @param relay        {@code booking.outbox.relay.*}
     */
    public record Outbox(@DefaultValue("false") boolean enabled,
                         @DefaultValue("false") boolean createSchema,
                         @DefaultValue Relay relay) {
        /** Checks the values. */
        public Outbox {
            require("booking.outbox.relay", relay);
        }
    }

    /**
     * The outbox's relay in this process.
     *
     * @param enabled      {@code booking.outbox.relay.enabled}: default true when the outbox is enabled
     * @param threads      {@code booking.outbox.relay.threads}: default 1
     * @param batchSize    {@code booking.outbox.relay.batch-size}: default 50
     * @param pollInterval {@code booking.outbox.relay.poll-interval}: default 200ms
     * @param maxAttempts  {@code booking.outbox.relay.max-attempts}: default 10
     */
    public record Relay(@DefaultValue("true") boolean enabled,
                        @DefaultValue("1") int threads,
                        @DefaultValue("50") int batchSize,
                        @DefaultValue("200ms") Duration pollInterval,
                        @DefaultValue("10") int maxAttempts) {
        /** Checks the values. */
        public Relay {
            atLeastOne("booking.outbox.relay.threads", threads);
            atLeastOne("booking.outbox.relay.batch-size", batchSize);
            positive("booking.outbox.relay.poll-interval", pollInterval);
            atLeastOne("booking.outbox.relay.max-attempts", maxAttempts);
        }
    }

    /**
     * The relay's mail delivery (booking-notify-mail), used when {@code spring.mail.host} is set and a
     * {@code RecipientResolver} bean exists.
     *
     * @param from {@code booking.mail.from}: the sender address; required for mail
     */
    public record Mail(String from) {
    }

    /**
     * Micrometer.
     *
     * @param enabled {@code booking.metrics.enabled}: default true; active with a {@code MeterRegistry}
     *                bean and booking-micrometer on the class path
     */
    public record Metrics(@DefaultValue("true") boolean enabled) {
    }

    private static void require(String property, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(property + " must be set");
        }
    }

    private static void requireText(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank");
        }
    }

    private static void atLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
    }

    private static void positive(String property, Duration value) {
        require(property, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }
}
