package dev.booking.notify.it;

import dev.booking.core.SeatRepository;
import dev.booking.core.outbox.spi.OutboxStore;

/**
 * One process's handle on a test's store ({@link StoreSpec#open}): the repository, built with the
 * outbox so that every change writes its notice in the same transaction (or, on MongoDB, the same
 * document update), and the outbox itself, both on this handle's own pool or client.
 */
final class Stores implements AutoCloseable {

    private final SeatRepository repository;
    private final OutboxStore outbox;
    private final Runnable createSchema;
    private final Runnable drop;
    private final Runnable close;

    Stores(SeatRepository repository, OutboxStore outbox, Runnable createSchema, Runnable drop, Runnable close) {
        this.repository = repository;
        this.outbox = outbox;
        this.createSchema = createSchema;
        this.drop = drop;
        this.close = close;
    }

    /** The repository, writing its notices to {@link #outbox()}. */
    SeatRepository repository() {
        return repository;
    }

    /** The outbox. */
    OutboxStore outbox() {
        return outbox;
    }

    /** Creates the seat table and the outbox with the library's own DDL (or indexes); idempotent. */
    Stores createSchema() {
        createSchema.run();
        return this;
    }

    /** Drops the seat table and the outbox. */
    void drop() {
        drop.run();
    }

    /** Closes the pool or client; the tables stay. */
    @Override
    public void close() {
        close.run();
    }
}
