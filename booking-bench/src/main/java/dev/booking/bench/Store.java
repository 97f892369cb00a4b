package dev.booking.bench;

import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.outbox.spi.OutboxStore;

import java.util.Map;

/**
 * A store that races run against: the library's repository on it, what keeps it alive (a pool, a
 * client, an in-process server), what it is, and the chores around a race. Both modes open stores
 * only through {@link SqlStore#open} and {@link MongoStore#open}; close a store to release it.
 */
public sealed interface Store extends AutoCloseable permits SqlStore, MongoStore {

    /** One line naming the store, its version and where it runs. */
    String description();

    /** The settings that decide its figures (version, durability, isolation, pool), in print order. */
    Map<String, String> settings();

    /** The library's repository on this store; safe to share between threads. */
    SeatRepository repository();

    /**
     * Adds {@code count} empty seats numbered as {@link ShowIds#numbers} does; through the library
     * unless a store has a faster way.
     */
    default void addEmptySeats(ShowId show, int count) {
        repository().addSeats(show, ShowIds.numbers(count));
    }

    /**
     * The library's repository on the same table with the transactional outbox on: every change it
     * makes writes its notices to {@link #outbox()} in the same transaction. Created, with the outbox's
     * table or collection ({@code <name>_outbox}), on first use.
     *
     * @throws UnsupportedOperationException where this store has no outbox
     */
    SeatRepository repositoryWithOutbox();

    /** The outbox {@link #repositoryWithOutbox()} writes to, created on first use. */
    OutboxStore outbox();

    /** Deletes every record of the outbox, if it was created: a benchmark run starts with an empty one. */
    void clearOutbox();

    /** Removes a show's seats once its race is over, so every race meets a table of the same size. */
    void dropShow(ShowId show);

    /**
     * Drops the table (or collection) the store was opened on, with everything the library keeps
     * beside it; for the race demo, which must not leave its table in the user's database.
     *
     * @return what was dropped, or why not, as a phrase for the report
     */
    String drop();

    /** The table or collection the store was opened on, e.g. {@code table booking_race_demo}. */
    String container();

    /** Releases the pool, the client and any in-process server. */
    @Override
    void close();
}
