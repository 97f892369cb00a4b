package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.LineConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker's consumer: holds partitions by lease keys, reads their streams as one consumer of
 * each partition's group on a dedicated connection. See {@link RedisLine} for the protocol.
 */
final class RedisLineConsumer implements LineConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLineConsumer.class);
    /** How often a consumer looks for free partitions while it polls. */
    private static final long ACQUIRE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * How often a holder claims entries left pending in its partitions by nobody it knows of (a
     * consumer that read after it lost its lease): otherwise they would wait for the next takeover.
     */
    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisLine line;
    private final Keys keys;
    private final String id;
    private final long leaseMillis;
    private final List<Integer> preferred;
    /** Partitions held, with until when (System.nanoTime) this consumer may trust its lease. */
    private final Map<Integer, Long> held = new ConcurrentHashMap<>();
    /** Per held partition: delivered to this consumer but not yet handed out (read with others). */
    private final Map<Integer, Deque<Delivery>> buffered = new HashMap<>();
    /** Per held partition: handed out and not yet acknowledged. */
    private final Map<Integer, Set<String>> outstanding = new HashMap<>();
    /** Partitions whose pending entries must be claimed before new ones are read. */
    private final Set<Integer> recover = ConcurrentHashMap.newKeySet();
    /**
     * Held by the poll thread while it polls, acknowledges or dead-letters, and by the heartbeat
     * while it hands over partitions a worker stuck in a long decision is not using: a partition is
     * never given up while a read of it is under way.
     */
    private final ReentrantLock working = new ReentrantLock();
    private final ScheduledFuture<?> heartbeat;
    private volatile boolean closed;
    private Jedis reader;
    private long nextAcquire;
    private long nextSweep;
    private int rotation;

    RedisLineConsumer(RedisLine line, Keys keys, String workerId, long leaseMillis) {
        this.line = line;
        this.keys = keys;
        this.id = workerId + "#" + java.util.UUID.randomUUID().toString().substring(0, 8);
        this.leaseMillis = leaseMillis;
        int partitions = line.partitions();
        int start = Math.floorMod(id.hashCode(), partitions);
        List<Integer> order = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            order.add((start + i) % partitions);
        }
        this.preferred = List.copyOf(order);
        this.nextAcquire = System.nanoTime();
        this.nextSweep = nextAcquire + SWEEP_EVERY_NANOS;
        long every = Math.max(1, leaseMillis / 3);
        this.heartbeat = line.scheduler().scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** This consumer's name in the groups and in the lease keys. */
    String id() {
        return id;
    }

    /** The partitions held now (for tests and operators). */
    Set<Integer> held() {
        return Set.copyOf(held.keySet());
    }

    @Override
    public List<Delivery> poll(int max, Duration wait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Arguments.requirePresent("wait", wait);
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        working.lock();
        try {
            while (true) {
                if (closed) {
                    return List.of();
                }
                long now = System.nanoTime();
                if (now - nextAcquire >= 0) {
                    acquire();
                    nextAcquire = System.nanoTime() + ACQUIRE_EVERY_NANOS;
                }
                dropExpiredLeases();
                List<Integer> order = rotated();
                if (order.isEmpty()) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return List.of();
                    }
                    // no partition to read: nothing to block on but the next look for a free one
                    TimeUnit.NANOSECONDS.sleep(Math.min(remaining, Math.max(0, nextAcquire - System.nanoTime())));
                    continue;
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    for (int p : order) {
                        if (buffered.getOrDefault(p, new ArrayDeque<>()).isEmpty()
                                && outstanding.getOrDefault(p, Set.of()).isEmpty()) {
                            recover.add(p);
                        }
                    }
                    nextSweep = System.nanoTime() + SWEEP_EVERY_NANOS;
                }
                for (int p : order) {
                    Set<String> left = outstanding.get(p);
                    if (left != null && !left.isEmpty()) {
                        // handed out and never acknowledged: deliver again before anything later
                        left.clear();
                        buffered.remove(p);
                        recover.add(p);
                    }
                }
                for (int p : order) {
                    if (recover.contains(p)) {
                        List<Delivery> again = recover(p, max);
                        if (again.size() < max) {
                            recover.remove(p);
                        }
                        if (!again.isEmpty()) {
                            return handOut(p, again);
                        }
                    }
                }
                for (int p : order) {
                    Deque<Delivery> ready = buffered.get(p);
                    if (ready != null && !ready.isEmpty()) {
                        List<Delivery> batch = new ArrayList<>(Math.min(max, ready.size()));
                        while (batch.size() < max && !ready.isEmpty()) {
                            batch.add(ready.poll());
                        }
                        return handOut(p, batch);
                    }
                }
                long remaining = deadline - System.nanoTime();
                long block = Math.min(TimeUnit.NANOSECONDS.toMillis(Math.max(0, remaining)), Connections.MAX_BLOCK_MILLIS);
                readNew(order, max, block);
                for (int p : order) {
                    Deque<Delivery> ready = buffered.get(p);
                    if (ready != null && !ready.isEmpty()) {
                        List<Delivery> batch = new ArrayList<>(Math.min(max, ready.size()));
                        while (batch.size() < max && !ready.isEmpty()) {
                            batch.add(ready.poll());
                        }
                        return handOut(p, batch);
                    }
                }
                if (deadline - System.nanoTime() <= 0) {
                    return List.of();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (JedisException e) {
            dropReader();
            if (closed) {
                return List.of();
            }
            throw Connections.failure("polling line " + line.name(), e);
        } catch (BookingException e) {
            dropReader();
            if (closed) {
                return List.of();
            }
            throw e;
        } finally {
            working.unlock();
        }
    }

    private List<Delivery> handOut(int partition, List<Delivery> batch) {
        Set<String> ids = outstanding.computeIfAbsent(partition, p -> new java.util.HashSet<>());
        for (Delivery delivery : batch) {
            ids.add((String) delivery.receipt());
        }
        rotation++;
        return batch;
    }

    private List<Integer> rotated() {
        List<Integer> order = new ArrayList<>(held.keySet());
        order.sort(null);
        if (order.size() > 1) {
            java.util.Collections.rotate(order, -(rotation % order.size()));
        }
        return order;
    }

    private void dropExpiredLeases() {
        long now = System.nanoTime();
        for (Map.Entry<Integer, Long> lease : held.entrySet()) {
            if (now - lease.getValue() >= 0) {
                lost(lease.getKey());
            }
        }
    }

    private void lost(int partition) {
        if (held.remove(partition) != null) {
            LOG.info("consumer {} lost partition {} of line {}", id, partition, line.name());
        }
        recover.remove(partition);
    }

    /** Registers as live, renews what it holds, takes free partitions up to its fair share, gives back the surplus. */
    private void acquire() {
        List<byte[]> scriptKeys = new ArrayList<>(preferred.size() + 1);
        List<byte[]> args = new ArrayList<>(preferred.size() + 2);
        scriptKeys.add(keys.consumers());
        args.add(Keys.bytes(id));
        args.add(Keys.bytes(leaseMillis));
        for (int p : preferred) {
            scriptKeys.add(keys.lease(p));
            args.add(Keys.bytes(p));
        }
        long asked = System.nanoTime();
        List<Object> reply = Replies.list(Scripts.ACQUIRE.run(reader(), scriptKeys, args));
        long share = (Long) reply.get(0);
        List<Object> now = Replies.list(reply.get(1));
        long trustUntil = asked + TimeUnit.MILLISECONDS.toNanos(leaseMillis * 4 / 5);
        Set<Integer> nowHeld = new java.util.HashSet<>();
        for (Object p : now) {
            int partition = (int) (long) (Long) p;
            nowHeld.add(partition);
            if (held.put(partition, trustUntil) == null) {
                // newly taken: first the entries its previous holder left pending
                recover.add(partition);
                buffered.remove(partition);
                outstanding.remove(partition);
                LOG.info("consumer {} took partition {} of line {}", id, partition, line.name());
            }
        }
        for (Integer p : List.copyOf(held.keySet())) {
            if (!nowHeld.contains(p)) {
                lost(p);
            }
        }
        releaseSurplus(share, reader());
    }

    /**
     * Gives back partitions beyond the fair share that have nothing in hand (no delivery buffered,
     * handed out or to recover), so that a consumer that joined later gets them. Under {@link #working}.
     */
    private void releaseSurplus(long share, Jedis jedis) {
        if (held.size() <= share) {
            return;
        }
        List<byte[]> release = new ArrayList<>();
        release.add(keys.consumers());
        List<Integer> surplus = new ArrayList<>();
        for (Integer p : rotated()) {
            if (held.size() - surplus.size() <= share) {
                break;
            }
            boolean idle = buffered.getOrDefault(p, new ArrayDeque<>()).isEmpty()
                    && outstanding.getOrDefault(p, Set.of()).isEmpty() && !recover.contains(p);
            if (idle) {
                surplus.add(p);
                release.add(keys.lease(p));
            }
        }
        if (!surplus.isEmpty()) {
            surplus.forEach(held::remove);
            Scripts.RELEASE.run(jedis, release, List.of(Keys.bytes(id), Keys.bytes("0")));
            LOG.info("consumer {} handed partitions {} of line {} over (fair share {})", id, surplus, line.name(), share);
        }
    }

    /** The heartbeat: renews held leases every lease/3, from the line's scheduler, through the pool. */
    private void renew() {
        if (closed) {
            return;
        }
        try {
            List<Integer> partitions = new ArrayList<>(held.keySet());
            List<byte[]> scriptKeys = new ArrayList<>(partitions.size() + 1);
            scriptKeys.add(keys.consumers());
            for (int p : partitions) {
                scriptKeys.add(keys.lease(p));
            }
            long asked = System.nanoTime();
            List<Object> reply = Replies.list(line.connections().call("renewing leases",
                    jedis -> Scripts.RENEW.run(jedis, scriptKeys, List.of(Keys.bytes(id), Keys.bytes(leaseMillis)))));
            long trustUntil = asked + TimeUnit.MILLISECONDS.toNanos(leaseMillis * 4 / 5);
            long live = Math.max(1, (Long) reply.get(0));
            List<Object> renewed = Replies.list(reply.get(1));
            for (int i = 0; i < partitions.size(); i++) {
                int p = partitions.get(i);
                if ((Long) renewed.get(i) == 1L) {
                    held.computeIfPresent(p, (k, v) -> trustUntil);
                } else {
                    held.remove(p);
                    LOG.info("consumer {} lost partition {} of line {} (lease gone)", id, p, line.name());
                }
            }
            long share = (line.partitions() + live - 1) / live;
            // a worker busy with a long decision is not polling: hand over what it does not use
            if (held.size() > share && working.tryLock()) {
                try {
                    if (!closed) {
                        line.connections().call("handing partitions over", jedis -> {
                            releaseSurplus(share, jedis);
                            return null;
                        });
                    }
                } finally {
                    working.unlock();
                }
            }
        } catch (RuntimeException e) {
            // the poll thread will see the lease lapse and drop the partition; keep trying
            LOG.debug("consumer {} could not renew its leases on line {}: {}", id, line.name(), e.toString());
        }
    }

    private List<Delivery> recover(int partition, int max) {
        List<Object> reply = withGroup(partition, () -> Replies.list(Scripts.RECOVER.run(reader(),
                List.of(keys.stream(partition)),
                List.of(Keys.bytes(Keys.GROUP), Keys.bytes(id), Keys.bytes(max)))));
        List<Delivery> out = new ArrayList<>(reply.size());
        for (Object item : reply) {
            List<Object> entry = Replies.list(item);
            Delivery delivery = delivery(partition, Replies.string(entry.get(0)), Replies.list(entry.get(1)),
                    (int) Math.max(1, Replies.number(entry.get(2))));
            if (delivery != null) {
                out.add(delivery);
            }
        }
        return out;
    }

    private void readNew(List<Integer> partitions, int max, long blockMillis) {
        List<byte[]> args = new ArrayList<>();
        args.add(Keys.bytes("GROUP"));
        args.add(Keys.bytes(Keys.GROUP));
        args.add(Keys.bytes(id));
        args.add(Keys.bytes("COUNT"));
        args.add(Keys.bytes(max));
        if (blockMillis > 0) {
            args.add(Keys.bytes("BLOCK"));
            args.add(Keys.bytes(blockMillis));
        }
        args.add(Keys.bytes("STREAMS"));
        for (int p : partitions) {
            args.add(keys.stream(p));
        }
        for (int i = 0; i < partitions.size(); i++) {
            args.add(Keys.bytes(">"));
        }
        Map<String, Integer> byKey = new LinkedHashMap<>();
        for (int p : partitions) {
            byKey.put(new String(keys.stream(p), java.nio.charset.StandardCharsets.UTF_8), p);
        }
        Object raw = withGroups(partitions, () -> reader().sendCommand(Protocol.Command.XREADGROUP, args.toArray(new byte[0][])));
        for (Object streamReply : Replies.list(raw)) {
            List<Object> stream = Replies.list(streamReply);
            Integer partition = byKey.get(Replies.string(stream.get(0)));
            if (partition == null || !held.containsKey(partition)) {
                continue; // lost meanwhile: the entries stay pending for the next holder
            }
            Deque<Delivery> ready = buffered.computeIfAbsent(partition, p -> new ArrayDeque<>());
            for (Object item : Replies.list(stream.get(1))) {
                List<Object> entry = Replies.list(item);
                Delivery delivery = delivery(partition, Replies.string(entry.get(0)), Replies.list(entry.get(1)), 1);
                if (delivery != null) {
                    ready.add(delivery);
                }
            }
        }
    }

    /** The delivery of one entry; an entry without a valid ticket is moved to the dead letters at once. */
    private Delivery delivery(int partition, String entryId, List<Object> fields, int attempt) {
        String ticketId = null;
        byte[] payload = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String field = Replies.string(fields.get(i));
            if ("ticket".equals(field)) {
                ticketId = Replies.string(fields.get(i + 1));
            } else if ("payload".equals(field)) {
                payload = (byte[]) fields.get(i + 1);
            }
        }
        java.util.Optional<Ticket> ticket = Ticket.parse(ticketId);
        if (ticket.isEmpty() || payload == null) {
            Scripts.DEAD_LETTER.run(reader(), List.of(keys.stream(partition), keys.counters(), keys.dead()),
                    List.of(Keys.bytes(Keys.GROUP), Keys.bytes(partition), Keys.bytes(entryId),
                            Keys.bytes(String.valueOf(ticketId)), payload == null ? new byte[0] : payload,
                            Keys.bytes("entry carries no valid ticket"), Keys.bytes(attempt), Keys.bytes("1")));
            return null;
        }
        return new Delivery(partition, ticket.get(), payload, attempt, entryId);
    }

    @Override
    public void acknowledge(List<Delivery> decided) {
        Arguments.requirePresent("decided", decided);
        working.lock();
        try {
            acknowledgeLocked(decided);
        } finally {
            working.unlock();
        }
    }

    private void acknowledgeLocked(List<Delivery> decided) {
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        for (Delivery delivery : decided) {
            byPartition.computeIfAbsent(delivery.partition(), p -> new ArrayList<>()).add((String) delivery.receipt());
        }
        for (Map.Entry<Integer, List<String>> entry : byPartition.entrySet()) {
            int partition = entry.getKey();
            List<String> ids = entry.getValue();
            for (int from = 0; from < ids.size(); from += 500) {
                List<byte[]> args = new ArrayList<>();
                args.add(Keys.bytes(Keys.GROUP));
                args.add(Keys.bytes(partition));
                for (String id : ids.subList(from, Math.min(ids.size(), from + 500))) {
                    args.add(Keys.bytes(id));
                }
                run("acknowledging deliveries", jedis -> Scripts.ACK.run(jedis,
                        List.of(keys.stream(partition), keys.counters()), args));
            }
            Set<String> left = outstanding.get(partition);
            if (left != null) {
                ids.forEach(left::remove);
            }
        }
    }

    @Override
    public void deadLetter(Delivery delivery, String why) {
        Arguments.requirePresent("delivery", delivery);
        Arguments.requirePresent("why", why);
        working.lock();
        try {
            deadLetterLocked(delivery, why);
        } finally {
            working.unlock();
        }
    }

    private void deadLetterLocked(Delivery delivery, String why) {
        int partition = delivery.partition();
        String entryId = (String) delivery.receipt();
        run("moving a delivery to the dead letters", jedis -> Scripts.DEAD_LETTER.run(jedis,
                List.of(keys.stream(partition), keys.counters(), keys.dead()),
                List.of(Keys.bytes(Keys.GROUP), Keys.bytes(partition), Keys.bytes(entryId),
                        Keys.bytes(delivery.ticket().id()), delivery.payload(), Keys.bytes(why),
                        Keys.bytes(delivery.attempt()), Keys.bytes("0"))));
        Set<String> left = outstanding.get(partition);
        if (left != null) {
            left.remove(entryId);
        }
    }

    /** Runs a call on the consumer's own connection, turning a failure into a BookingException. */
    private Object run(String what, java.util.function.Function<Jedis, Object> call) {
        try {
            return call.apply(reader());
        } catch (JedisException e) {
            dropReader();
            throw Connections.failure(what + " on line " + line.name(), e);
        }
    }

    /** Runs a stream read; if Redis lost the group (a restart without persistence), makes it again and retries. */
    private <T> T withGroup(int partition, java.util.function.Supplier<T> read) {
        return withGroups(List.of(partition), read);
    }

    private <T> T withGroups(List<Integer> partitions, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
                throw e;
            }
            line.createGroups(reader(), partitions);
            return read.get();
        }
    }

    private Jedis reader() {
        if (reader == null) {
            reader = line.connections().dedicated(line.clientName());
        }
        return reader;
    }

    private void dropReader() {
        Jedis broken = reader;
        reader = null;
        if (broken != null) {
            try {
                broken.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.cancel(false);
        List<byte[]> release = new ArrayList<>();
        release.add(keys.consumers());
        for (int p : line.allPartitions()) {
            release.add(keys.lease(p));
        }
        held.clear();
        try {
            line.connections().call("releasing partitions", jedis ->
                    Scripts.RELEASE.run(jedis, release, List.of(Keys.bytes(id), Keys.bytes("1"))));
        } catch (RuntimeException e) {
            LOG.warn("consumer {} could not release its partitions of line {} (they lapse within the lease): {}",
                    id, line.name(), e.toString());
        }
        line.forget(this);
        Jedis own = reader;
        reader = null;
        if (own != null) {
            try {
                own.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
