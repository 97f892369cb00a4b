package dev.booking.bench.line;

/** The Memory line for the harness; its implementation arrives with branch line-core. */
final class MemoryBackend {

    private MemoryBackend() {
    }

    static LineBackend open(String url, String name, int partitions, long capacity) {
        throw new IllegalStateException("the MEMORY line is not in this build yet");
    }

    static LineBackend open(String name, int partitions, long capacity) {
        return open(null, name, partitions, capacity);
    }
}
