package dev.booking.bench.line;

import dev.booking.queue.line.memory.InMemoryLine;
import dev.booking.queue.line.spi.LineTransport;

/** The in-memory reference line: every instance is a view of one {@link InMemoryLine} in this JVM. */
final class MemoryBackend implements LineBackend {

    private final InMemoryLine root;

    private MemoryBackend(InMemoryLine root) {
        this.root = root;
    }

    static LineBackend open(String name, int partitions, long capacity) {
        return new MemoryBackend(InMemoryLine.builder().name(name).partitions(partitions).capacity(capacity).build());
    }

    @Override
    public LineTransport connect() {
        return root.connect();
    }

    @Override
    public String description() {
        return "in-memory line (the reference implementation, this JVM only)";
    }

    @Override
    public String delete() {
        root.close();
        return "in-memory line " + root.name() + " closed";
    }
}
