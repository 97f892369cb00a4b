package dev.booking.bench;

import dev.booking.core.SeatRepository;

/**
 * A store the race demo runs against: a repository plus whatever it needs kept alive (a pool, an
 * embedded server), released by {@link #close()}.
 */
interface RaceTarget extends AutoCloseable {

    /** One line naming the store and its version, printed above the report. */
    String description();

    /** The repository to race on; safe to share between threads. */
    SeatRepository repository();

    /** Releases the pool, the client and any embedded server. */
    @Override
    void close();
}
