package dev.booking.bench.line;

import dev.booking.queue.line.spi.LineTransport;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens shared lines for the harness: {@code Brokers.open(BrokerKind.REDIS, url, name, 4, 10_000)}
 * gives a {@link BrokerLine} whose {@link BrokerLine#connect()} hands out one transport per
 * simulated service instance (a new broker connection each), and whose {@link BrokerLine#close()}
 * closes them and deletes everything the line keeps on its broker. Use a {@link #uniqueName} per
 * run, so that concurrent runs on a shared broker never meet.
 */
public final class Brokers {

    /** The longest line name accepted: it becomes part of broker key and queue names. */
    public static final int MAX_NAME_LENGTH = 100;

    private Brokers() {
    }

    /**
     * A line name not used before: {@code <prefix>-<millis in base 36>-<random>}.
     *
     * @param prefix lower-case letters, digits and dashes, e.g. {@code race}
     */
    public static String uniqueName(String prefix) {
        requireName("prefix", prefix);
        return prefix + "-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    }

    /**
     * Opens the line {@code name} on a broker. Nothing is connected for the caller yet: call
     * {@link BrokerLine#connect()} once per instance. A broker that cannot be reached fails here.
     *
     * @param kind       the broker
     * @param url        its URL; {@code null} for {@link BrokerKind#defaultUrl the default} (ignored for memory)
     * @param name       the line's name, see {@link #uniqueName}
     * @param partitions partitions, at least 1
     * @param capacity   undecided requests a partition holds before submits are answered busy, at least 1
     * @return the line, to be closed by the caller (which deletes its broker state)
     * @throws IllegalArgumentException naming the field that is invalid
     * @throws BrokerUnreachableException if the broker could not be reached; the message says which and why
     */
    public static BrokerLine open(BrokerKind kind, String url, String name, int partitions, long capacity) {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be given");
        }
        requireName("name", name);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        String where = kind == BrokerKind.MEMORY ? null : url != null ? url : kind.defaultUrl(System.getenv());
        LineBackend backend;
        try {
            backend = switch (kind) {
                case MEMORY -> MemoryBackend.open(name, partitions, capacity);
                case REDIS -> RedisBackend.open(where, name, partitions, capacity);
                case RABBITMQ -> RabbitMqBackend.open(where, name, partitions, capacity);
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BrokerUnreachableException(kind, where, e);
        }
        return new BrokerLine(kind, where, name, partitions, capacity, backend);
    }

    /**
     * One transport on the line {@code name}, for a process that only takes part in it (a worker
     * process): closing it leaves the line's broker state to the {@link BrokerLine} that owns it.
     * Arguments as for {@link #open}.
     *
     * @return the transport, to be closed by the caller
     * @throws BrokerUnreachableException if the broker could not be reached
     */
    public static LineTransport connect(BrokerKind kind, String url, String name, int partitions, long capacity) {
        BrokerLine line = open(kind, url, name, partitions, capacity);
        return line.backend().connect();
    }

    private static void requireName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(field + " must be given");
        }
        if (name.length() > MAX_NAME_LENGTH || !name.equals(name.toLowerCase(Locale.ROOT))
                || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_NAME_LENGTH
                    + " lower-case letters, digits and dashes, was '" + name + "'");
        }
    }
}
