package dev.booking.queue.redis;

import java.nio.charset.StandardCharsets;

/**
 * The key names of one line. Every key starts with {@code booking:line:{name}:}; the braces make
 * {@code name} the hash tag, so on a Redis Cluster all keys of a line live in one slot and every
 * Lua script that touches several of them is legal there. The price: one line is served by one
 * shard; spread load over several lines (for instance one per venue) to use several shards.
 */
final class Keys {

    /** The consumer group of every partition's stream. */
    static final String GROUP = "workers";

    private final String prefix;

    Keys(String name) {
        this.prefix = "booking:line:{" + name + "}:";
    }

    /** The pattern matching every key of the line (for operators and tests). */
    String pattern() {
        return prefix + "*";
    }

    /** Hash: partitions (fixed for the life of the line). */
    byte[] meta() {
        return bytes(prefix + "meta");
    }

    /**
     * Hash of per-partition counters: {@code u:P} entries not yet acknowledged, {@code s:P} last sequence,
     * {@code d:P} decided tickets, {@code ws:P}/{@code wc:P} the pace window, {@code r:P} the pace.
     */
    byte[] counters() {
        return bytes(prefix + "counters");
    }

    /** The stream of partition {@code p}. */
    byte[] stream(int p) {
        return bytes(prefix + "p:" + p);
    }

    /** The lease of partition {@code p}: the holding consumer's id, with a TTL. */
    byte[] lease(int p) {
        return bytes(prefix + "lease:" + p);
    }

    /** Sorted set of live consumers, scored by when their registration lapses (Redis time, ms). */
    byte[] consumers() {
        return bytes(prefix + "consumers");
    }

    /** The dead-letter stream. */
    byte[] dead() {
        return bytes(prefix + "dead");
    }

    /** Hash of one ticket: state, partition, seq, final (StatusCodec bytes). */
    byte[] ticket(String id) {
        return bytes(prefix + "t:" + id);
    }

    /** The ticket bound to an idempotency key. */
    byte[] idempotency(String key) {
        return bytes(prefix + "k:" + key);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long n) {
        return bytes(Long.toString(n));
    }
}
