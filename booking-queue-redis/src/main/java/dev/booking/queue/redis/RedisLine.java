package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.Pool;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * The shared line on Redis Streams: a {@link LineTransport} that every instance and worker process
 * opens on the same Redis and line name.
 *
 * <pre>{@code
 * RedisLine line = RedisLine.builder(URI.create("redis://127.0.0.1:6379"))
 *         .name("tickets").partitions(8).capacity(10_000).build();
 * SharedLine front = SharedLine.builder(line).build();              // in every instance
 * LineWorkers workers = LineWorkers.builder(line, seats).threads(4).build().start();  // anywhere
 * }</pre>
 *
 * <h2>Layout</h2>
 * Every key starts with {@code booking:line:{name}:} (the name is the hash tag: on a Redis Cluster a
 * line lives in one slot, so its multi-key scripts are legal; spread load over several lines to use
 * several shards). Partition {@code P} is the stream {@code p:P} with one consumer group
 * {@code workers}; {@code lease:P} names the consumer holding it; {@code counters} holds per
 * partition the unacknowledged entries, the last sequence, the decided tickets and the pace;
 * {@code t:<ticket>} is a ticket's hash (state, partition, sequence, final status);
 * {@code k:<idempotency key>} the ticket bound to a key; {@code dead} the dead-letter stream;
 * {@code consumers} the live consumers. Requires Redis 6.2 or later ({@code XAUTOCLAIM}).
 *
 * <h2>Appending</h2>
 * One Lua script checks the partition's undecided count (accepted minus settled) against its capacity, {@code XADD}s the
 * entry (ticket id and payload), counts it, and records the ticket as queued with the next sequence
 * of its partition and the retention as TTL. Streams are never trimmed by {@code MAXLEN}: an entry
 * is deleted only once acknowledged, so a request past capacity is refused at once, never dropped
 * later. An append of a ticket already in the line changes nothing, so a submit repeated after a
 * lost reply cannot queue a request twice.
 *
 * <h2>Durability: what an accepted submit survives</h2>
 * {@link #append} returns when Redis has answered the script, and Redis answers according to its
 * persistence settings, which belong to the server, not to this library. The figures below come from
 * this module's HA tests ({@code RedisLineAofRestartTest}, {@code RedisLineFailoverTest}): a few
 * seconds of submits through a {@code SharedLine} with workers deciding, a {@code SIGKILL} in the
 * middle, and an accepted submit counted lost when its ticket answers {@code Unknown} once every other
 * ticket is final.
 * <ul>
 *   <li>{@code appendonly yes} with {@code appendfsync always}: the script's writes are in the
 *       append-only file and fsynced before Redis replies; an accepted submit survives a crash
 *       ({@code kill -9}) or a restart of Redis and a power loss (on a disk that honours fsync).
 *       This is the setting for a line whose "accepted" must mean "will be decided". Measured: none
 *       of about 600 accepted submits lost over a kill and restart under load (asserted).</li>
 *   <li>{@code appendonly yes} with {@code appendfsync everysec} (Redis's default for AOF): writes
 *       reach the operating system before the reply, so a crash of the Redis process alone usually
 *       loses nothing (measured: none of about 700 over a kill and restart under load), but a crash
 *       of the machine loses up to about a second of accepted submits. Not guaranteed even for the
 *       process: while a background fsync is slow, Redis postpones its writes for up to 2 s and
 *       replies all the same, and a kill then loses those replies' writes (measured on a machine
 *       whose disk other processes kept busy: 15 of 650 accepted submits lost).</li>
 *   <li>RDB snapshots only ({@code save ...}): everything since the last snapshot is lost on a
 *       crash.</li>
 *   <li>No persistence ({@code appendonly no}, {@code save ""}): a restart of Redis loses the whole
 *       line: queued requests, consumer groups and the ledger; their tickets then answer
 *       {@code Unknown} (measured: a third of the accepted submits; only those a worker had in hand
 *       at the kill come back, settled again after the restart). Fine for tests and demos only.</li>
 * </ul>
 * On a single server {@code WAIT}/{@code WAITAOF} add nothing to {@code appendfsync always}.
 *
 * <h2>Replicas and failover</h2>
 * Replication is asynchronous: when the primary dies, the accepted submits its replica had not yet
 * received are lost with it, and a promoted replica answers {@code Unknown} for their tickets.
 * Measured with one replica and one Sentinel (quorum 1, {@code down-after-milliseconds 1000}) on one
 * machine, where the replica keeps up, a kill of the primary under load lost nothing; with the
 * replica held back (a slow network), the same kill lost every submit acknowledged meanwhile (about
 * 50 to 140). Sentinel promoted the replica about 2 to 3.5 s after the kill. One window is easy to
 * miss: after a full sync (a new replica, or one that fell too far behind) the primary sends a
 * replica nothing until its first acknowledgement, up to a second later, and a failover in that
 * second lost every submit accepted since the sync (about 300 in a test).
 * To follow a failover, build the line on a {@code JedisSentinelPool} ({@link #builder(Pool)}).
 * <p>{@link Builder#replicaAcknowledgements(int, Duration)} closes that window for the loss of the
 * primary, provided the replica promoted is one that acknowledged (ask for as many replicas as could
 * be promoted; Sentinel prefers the replica furthest ahead) and keeps what it holds: a submit is
 * acknowledged only once {@code WAIT} reports the replicas hold it, and otherwise throws
 * {@code CONNECTION} (outcome unknown, submit again with the same idempotency key). Measured: with
 * the replica held back, a kill of the primary lost none of the acknowledged submits. The price is
 * a round trip to the replicas per submit (appends per second with one replica on the same machine
 * fell to about 45 to 80% of those without, on a busy machine), and availability: while fewer
 * replicas than asked for are connected, for instance on a promoted replica that has none yet, every
 * submit fails.
 *
 * <h2>Consuming</h2>
 * A consumer takes a partition by {@code SET lease:P <consumer> NX PX <lease>}, up to its fair
 * share (partitions divided by live consumers, rounded up; a consumer holding more hands the surplus
 * over between batches), and keeps it by renewing the lease from a heartbeat thread every third of
 * the {@linkplain Builder#leaseTime lease time} (compare-and-renew). It stops trusting a lease after
 * four fifths of the lease time without a successful renewal. A consumer that takes a partition
 * first claims every entry left pending in its group ({@code XAUTOCLAIM} with no minimum idle time:
 * the lease proves the previous holder gone) and delivers them again with the delivery count as
 * attempt; then it reads new entries with {@code XREADGROUP ... BLOCK} on its own connection.
 * Once a second a holder also claims whatever is pending in its partitions outside its own hands
 * (entries read by a consumer after its lease had lapsed), so nothing waits for the next takeover.
 * Acknowledging is {@code XACK}, {@code XDEL} and a decrement of the unacknowledged count in one script.
 * Closing a consumer deletes its leases, so its partitions move at once; a killed worker's
 * partitions move within the lease time (default 5 s) plus 0.2 s.
 *
 * <h2>Failures</h2>
 * A dropped connection is replaced by a new one on the next call; appends and ledger calls are
 * repeated once on a fresh connection (they are idempotent), then fail with a
 * {@link BookingException} ({@code CONNECTION}); a consumer's poll fails with one and the workers
 * poll again. If Redis lost a consumer group (a restart without persistence) it is made again. With
 * {@link Builder#replicaAcknowledgements replica acknowledgements} on, a submit whose {@code WAIT}
 * came back short fails with {@code CONNECTION} too: it may be in the line, and a repeat with the same
 * idempotency key is safe (it waits again before it answers accepted).
 *
 * <p>Thread-safe; each consumer is used by one thread.
 */
public final class RedisLine implements LineTransport {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final int partitions;
    private final long capacity;
    private final Duration retention;
    private final long leaseMillis;
    private final String clientName;
    private final ReplicaAcknowledgements acknowledgements;
    private final Keys keys;
    private final Connections connections;
    private final RedisLedger ledger;
    private final ScheduledExecutorService scheduler;
    private final Set<RedisLineConsumer> consumers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RedisLine(Builder builder, Connections connections) {
        this.name = builder.name;
        this.partitions = builder.partitions;
        this.capacity = builder.capacity;
        this.retention = builder.retention;
        this.leaseMillis = builder.leaseTime.toMillis();
        this.clientName = builder.clientName;
        this.acknowledgements = builder.acknowledgements;
        this.keys = new Keys(name);
        this.connections = connections;
        this.ledger = new RedisLedger(keys, connections, retention, acknowledgements);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "booking-redis-line-heartbeat-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts configuring a line on the Redis at {@code uri} ({@code redis://[user:password@]host:port[/db]}
     * or {@code rediss://}); the line owns its connection pool and closes it.
     *
     * @param uri the server
     * @return a builder with the defaults
     */
    public static Builder builder(URI uri) {
        Arguments.requirePresent("uri", uri);
        if (!redis.clients.jedis.util.JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("uri must be a redis:// or rediss:// URI with host and port, was " + uri);
        }
        return new Builder(uri, null, null, 8, 10_000, Duration.ofDays(1), Duration.ofSeconds(5), 32, "booking-line",
                ReplicaAcknowledgements.NONE);
    }

    /**
     * Starts configuring a line on the application's pool, which it does not close. Each consumer
     * keeps one of its connections for as long as it is open: size the pool for the worker threads
     * plus the request threads.
     *
     * @param pool the application's pool
     * @return a builder with the defaults
     */
    @SuppressWarnings("deprecation") // JedisPool: see Connections
    public static Builder builder(JedisPool pool) {
        return builder((Pool<Jedis>) pool);
    }

    /**
     * Starts configuring a line on any pool of the application's, which it does not close: a
     * {@code JedisSentinelPool} makes the line follow a Sentinel failover to the promoted replica
     * (connections to the old primary fail, and the next call borrows one to the new primary). The
     * pool's connections must speak RESP2 and have a socket timeout above 4.25 s (consumers block
     * for up to 0.25 s). Sized as for {@link #builder(JedisPool)}.
     *
     * @param pool the application's pool
     * @return a builder with the defaults
     */
    public static Builder builder(Pool<Jedis> pool) {
        Arguments.requirePresent("pool", pool);
        return new Builder(null, pool, null, 8, 10_000, Duration.ofDays(1), Duration.ofSeconds(5), 32, "booking-line",
                ReplicaAcknowledgements.NONE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    /** How many undecided requests each partition holds at most. */
    public long capacity() {
        return capacity;
    }

    /** How long a ticket is remembered after its last change. */
    public Duration retention() {
        return retention;
    }

    /** How long a killed consumer's partitions stay held before another takes them. */
    public Duration leaseTime() {
        return Duration.ofMillis(leaseMillis);
    }

    @Override
    public AppendResult append(int partition, Envelope envelope) {
        requirePartition(partition);
        Arguments.requirePresent("envelope", envelope);
        requireOpen();
        byte[] payload = envelope.encode();
        String ticket = envelope.ticket().id();
        String what = "appending to line " + name;
        List<Object> reply = connections.call(what, jedis -> {
            List<Object> answer = Replies.list(Scripts.APPEND.run(jedis,
                    List.of(keys.stream(partition), keys.counters(), keys.ticket(ticket)),
                    List.of(Keys.bytes(partition), Keys.bytes(capacity), Keys.bytes(ticket), payload,
                            Keys.bytes(retention.toMillis()), acknowledgements.touchFlag())));
            if ((Long) answer.get(0) == 1L) {
                acknowledgements.await(jedis, what); // on the same connection: WAIT counts its writes
            }
            return answer;
        });
        if ((Long) reply.get(0) == 1L) {
            return new AppendResult.Appended();
        }
        return new AppendResult.Full((Long) reply.get(1));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One read-only script: the partition's undecided count as admission counts it (accepted
     * minus settled, so exact at every moment), and the age of its stream's first entry by Redis's
     * own clock (an entry is deleted once acknowledged, so the first is the oldest not yet
     * acknowledged; one settled a moment ago may still stand there until its worker acknowledges it).
     */
    @Override
    public Optional<LineBacklog> backlog(int partition) {
        requirePartition(partition);
        requireOpen();
        List<Object> reply = Replies.list(connections.call("reading the backlog of line " + name, jedis -> Scripts.BACKLOG.run(jedis,
                List.of(keys.stream(partition), keys.counters()), List.of(Keys.bytes(partition)))));
        long waiting = (Long) reply.get(0);
        long oldestMillis = (Long) reply.get(1);
        long nowMillis = (Long) reply.get(2);
        if (waiting == 0) {
            return Optional.of(LineBacklog.of(partition, 0, Duration.ZERO));
        }
        if (oldestMillis < 0) {
            return Optional.of(LineBacklog.ageUnknown(partition, waiting));
        }
        return Optional.of(LineBacklog.of(partition, waiting, Duration.ofMillis(Math.max(0, nowMillis - oldestMillis))));
    }

    @Override
    public LineConsumer openConsumer(String workerId) {
        Arguments.requirePresent("workerId", workerId);
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        requireOpen();
        RedisLineConsumer consumer = new RedisLineConsumer(this, keys, workerId, leaseMillis);
        consumers.add(consumer);
        return consumer;
    }

    @Override
    public TicketLedger ledger() {
        return ledger;
    }

    /** Stops the heartbeats, releases the consumers' partitions and closes the pool if the line made it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RedisLineConsumer consumer : List.copyOf(consumers)) {
            consumer.close();
        }
        scheduler.shutdownNow();
        connections.close();
    }

    @Override
    public String toString() {
        return "RedisLine[" + name + ", " + partitions + " partitions]";
    }

    String clientName() {
        return clientName;
    }

    Connections connections() {
        return connections;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    List<Integer> allPartitions() {
        List<Integer> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        return all;
    }

    void forget(RedisLineConsumer consumer) {
        consumers.remove(consumer);
    }

    /** Makes the consumer group of each partition (reading from the start), if it does not exist. */
    void createGroups(Jedis jedis, List<Integer> which) {
        for (int p : which) {
            try {
                jedis.sendCommand(redis.clients.jedis.Protocol.Command.XGROUP, Keys.bytes("CREATE"), keys.stream(p),
                        Keys.bytes(Keys.GROUP), Keys.bytes("0"), Keys.bytes("MKSTREAM"));
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    private void prepare() {
        connections.call("preparing line " + name, jedis -> {
            byte[] field = Keys.bytes("partitions");
            jedis.hsetnx(keys.meta(), field, Keys.bytes(partitions));
            String stored = new String(jedis.hget(keys.meta(), field), java.nio.charset.StandardCharsets.UTF_8);
            if (Integer.parseInt(stored) != partitions) {
                throw new IllegalArgumentException("partitions must match line " + name + "'s " + stored + ", was "
                        + partitions);
            }
            createGroups(jedis, allPartitions());
            return null;
        });
    }

    private void requirePartition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition must be from 0 to " + (partitions - 1) + ", was " + partition);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("line " + name + " is closed");
        }
    }

    /** Immutable configuration of a {@link RedisLine}; every setter returns a new builder. */
    @SuppressWarnings("deprecation") // JedisPool: see Connections
    public static final class Builder {
        private final URI uri;
        private final Pool<Jedis> pool;
        private final String name;
        private final int partitions;
        private final long capacity;
        private final Duration retention;
        private final Duration leaseTime;
        private final int poolSize;
        private final String clientName;
        private final ReplicaAcknowledgements acknowledgements;

        private Builder(URI uri, Pool<Jedis> pool, String name, int partitions, long capacity, Duration retention,
                        Duration leaseTime, int poolSize, String clientName, ReplicaAcknowledgements acknowledgements) {
            this.uri = uri;
            this.pool = pool;
            this.name = name;
            this.partitions = partitions;
            this.capacity = capacity;
            this.retention = retention;
            this.leaseTime = leaseTime;
            this.poolSize = poolSize;
            this.clientName = clientName;
            this.acknowledgements = acknowledgements;
        }

        /**
         * The line's name, shared by every instance and worker of the line; required.
         *
         * @param name 1 to 100 letters, digits, dots, underscores or dashes
         * @return a new builder
         */
        public Builder name(String name) {
            Arguments.requirePresent("name", name);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be 1 to 100 of A-Z a-z 0-9 . _ -, was " + name);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * How many partitions (streams) the line has; default 8. Fixed for the life of the line: every
         * instance must agree, and {@link #build()} refuses a number other than the line's.
         *
         * @param partitions 1 to 1024
         * @return a new builder
         */
        public Builder partitions(int partitions) {
            if (partitions < 1 || partitions > 1024) {
                throw new IllegalArgumentException("partitions must be from 1 to 1024, was " + partitions);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * How many undecided requests each partition holds at most; past it a submit answers busy.
         * Default 10 000.
         *
         * @param capacity at least 1
         * @return a new builder
         */
        public Builder capacity(long capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * How long a ticket (and an idempotency key) is remembered after it was queued or settled;
         * default 1 day.
         *
         * @param retention at least 1 second
         * @return a new builder
         */
        public Builder retention(Duration retention) {
            Arguments.requirePresent("retention", retention);
            if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("retention must be at least 1 second, was " + retention);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * How long a consumer's hold on a partition lasts without renewal: a killed worker's
         * partitions are taken over within it. Default 5 seconds; renewed every third of it.
         *
         * @param leaseTime 300 ms to 5 minutes
         * @return a new builder
         */
        public Builder leaseTime(Duration leaseTime) {
            Arguments.requirePresent("leaseTime", leaseTime);
            if (leaseTime.compareTo(Duration.ofMillis(300)) < 0 || leaseTime.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("leaseTime must be from 300 ms to 5 minutes, was " + leaseTime);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * The size of the pool the line makes for a {@link #builder(URI) URI}; default 32.
         *
         * @param poolSize 1 to 1024
         * @return a new builder
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1024) {
                throw new IllegalArgumentException("poolSize must be from 1 to 1024, was " + poolSize);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * The name the line's connections give themselves ({@code CLIENT SETNAME}), for operators;
         * default {@code booking-line}. Applies to connections the line makes itself.
         *
         * @param clientName 1 to 100 characters without spaces
         * @return a new builder
         */
        public Builder clientName(String clientName) {
            Arguments.requirePresent("clientName", clientName);
            if (clientName.isEmpty() || clientName.length() > 100 || !clientName.chars().allMatch(c -> c > ' ' && c < 127)) {
                throw new IllegalArgumentException("clientName must be 1 to 100 printable characters without spaces");
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    acknowledgements);
        }

        /**
         * Makes a submit wait, before it is acknowledged, until {@code replicas} replicas hold it
         * ({@code WAIT replicas timeout} after the append, on the same connection; also after an idempotency
         * key that is already bound, since such a submit may answer accepted without appending). When fewer
         * acknowledge in time the submit throws a {@link BookingException} {@code CONNECTION}: the request
         * may or may not be in the line, and submitting again with the same idempotency key is safe (the
         * repeat waits again, and answers accepted once the replicas hold the first attempt). Off by
         * default. Settling a ticket does not wait: a failover may set a settled ticket back to queued
         * until a worker decides it again, with the same outcome (its claim is found under its reference).
         *
         * <p>This closes the window of asynchronous replication for acknowledged submits, at the price of
         * one round trip to the replicas per submit, and of availability: while fewer than {@code replicas}
         * replicas are connected (right after a failover, until a new replica has synced), every submit fails.
         *
         * @param replicas how many replicas must acknowledge, 1 to 100
         * @param timeout  how long to wait for them, 1 ms to 4 s (below the line's socket timeout)
         * @return a new builder
         */
        public Builder replicaAcknowledgements(int replicas, Duration timeout) {
            if (replicas < 1 || replicas > 100) {
                throw new IllegalArgumentException("replicas must be from 1 to 100, was " + replicas);
            }
            Arguments.requirePresent("timeout", timeout);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofSeconds(4)) > 0) {
                throw new IllegalArgumentException("timeout must be from 1 ms to 4 s, was " + timeout);
            }
            return new Builder(uri, pool, name, partitions, capacity, retention, leaseTime, poolSize, clientName,
                    new ReplicaAcknowledgements(replicas, timeout.toMillis()));
        }

        /**
         * Connects, checks that the line's partitions agree and makes its consumer groups.
         *
         * @return the line
         * @throws IllegalArgumentException naming {@code name} if none was given, or {@code partitions}
         *                                  if the line exists with another number
         * @throws BookingException         if Redis cannot be reached
         */
        public RedisLine build() {
            if (name == null) {
                throw new IllegalArgumentException("name must be given");
            }
            Connections connections = uri != null ? Connections.of(uri, clientName, poolSize) : Connections.of(pool);
            RedisLine line = new RedisLine(this, connections);
            try {
                line.prepare();
            } catch (RuntimeException e) {
                line.close();
                throw e;
            }
            return line;
        }
    }
}
