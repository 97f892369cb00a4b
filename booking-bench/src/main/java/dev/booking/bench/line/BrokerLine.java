package dev.booking.bench.line;

import dev.booking.queue.line.spi.LineTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * A shared line opened by {@link Brokers#open} for one run: hands out transports, one per simulated
 * service instance or worker pool, and on {@link #close()} closes them and deletes the line's
 * broker state. Thread-safe.
 */
public final class BrokerLine implements AutoCloseable {

    private final BrokerKind kind;
    private final String url;
    private final String name;
    private final int partitions;
    private final long capacity;
    private final LineBackend backend;
    private final List<LineTransport> opened = new ArrayList<>();
    private String deleted;

    BrokerLine(BrokerKind kind, String url, String name, int partitions, long capacity, LineBackend backend) {
        this.kind = kind;
        this.url = url;
        this.name = name;
        this.partitions = partitions;
        this.capacity = capacity;
        this.backend = backend;
    }

    /** The broker. */
    public BrokerKind kind() {
        return kind;
    }

    /** The broker's URL, as given (with any password); {@code null} for memory. */
    public String url() {
        return url;
    }

    /** The line's name. */
    public String name() {
        return name;
    }

    /** Its partitions. */
    public int partitions() {
        return partitions;
    }

    /** Undecided requests a partition holds before submits are answered busy. */
    public long capacity() {
        return capacity;
    }

    /** The broker's side, for {@link Brokers#connect}. */
    LineBackend backend() {
        return backend;
    }

    /** One line naming the broker and where it runs, without a password. */
    public String description() {
        return backend.description();
    }

    /**
     * One more instance on the line: a new transport with its own broker connection, closed by
     * {@link #close()} if the caller has not closed it before.
     *
     * @throws IllegalStateException if the line was closed
     */
    public synchronized LineTransport connect() {
        if (deleted != null) {
            throw new IllegalStateException("line " + name + " is closed");
        }
        LineTransport transport = backend.connect();
        opened.add(transport);
        return transport;
    }

    /**
     * Closes every transport handed out and leaves the line's broker state where it is, for
     * inspection ({@code --keep}); the line can be connected to no more.
     *
     * @return what was kept, as a phrase for a report
     */
    public synchronized String keep() {
        if (deleted == null) {
            closeTransports();
            deleted = "kept line " + name + (kind.crossesProcesses() ? " on " + kind + " (--keep)"
                    : " (--keep), in memory: it ends with this process");
        }
        return deleted;
    }

    /**
     * Closes every transport handed out, then deletes the line's broker state, once; repeated calls
     * answer the first one's phrase.
     *
     * @return what was deleted, or why not, as a phrase for a report
     */
    public synchronized String delete() {
        if (deleted == null) {
            List<String> problems = closeTransports();
            String phrase;
            try {
                phrase = backend.delete();
            } catch (RuntimeException e) {
                phrase = "could not delete line " + name + ": " + e.getMessage();
            }
            deleted = problems.isEmpty() ? phrase : phrase + " (closing a transport failed: " + problems.get(0) + ")";
        }
        return deleted;
    }

    /** Same as {@link #delete()} unless {@link #keep()} was called, for try-with-resources. */
    @Override
    public void close() {
        delete();
    }

    private List<String> closeTransports() {
        List<String> problems = new ArrayList<>();
        for (LineTransport transport : opened) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }
        opened.clear();
        return problems;
    }
}
