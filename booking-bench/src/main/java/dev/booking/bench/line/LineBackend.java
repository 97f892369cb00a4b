package dev.booking.bench.line;

import dev.booking.queue.line.spi.LineTransport;

/** What one broker does for a {@link BrokerLine}: connect instances, describe itself, delete the line. */
interface LineBackend {

    /** A new transport on the line, with its own broker connection. */
    LineTransport connect();

    /** One line naming the broker, its version if known, and where it runs. */
    String description();

    /**
     * Deletes everything the line keeps on the broker (streams, keys, queues); called once every
     * transport is closed.
     *
     * @return what was deleted, as a phrase for a report
     */
    String delete();
}
