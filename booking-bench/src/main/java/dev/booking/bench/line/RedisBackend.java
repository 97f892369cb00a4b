package dev.booking.bench.line;

/** The Redis line for the harness; its implementation arrives with branch line-redis. */
final class RedisBackend {

    private RedisBackend() {
    }

    static LineBackend open(String url, String name, int partitions, long capacity) {
        throw new IllegalStateException("the REDIS line is not in this build yet");
    }

    static LineBackend open(String name, int partitions, long capacity) {
        return open(null, name, partitions, capacity);
    }
}
