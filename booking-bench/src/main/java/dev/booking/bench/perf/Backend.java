package dev.booking.bench.perf;

import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;

import java.util.List;
import java.util.Map;

/**
 * A store under test: the library's repository on it, the baselines that share its pool and table, and
 * what it takes to keep the table small between runs. Opened once per backend, closed when its runs are
 * done, so no two backends hold connections at the same time.
 */
interface Backend extends AutoCloseable {

    /** Which store this is. */
    BackendKind kind();

    /** Product and version, as the store reports them. */
    String description();

    /** The store's settings that decide its figures (durability, isolation, versions), in print order. */
    Map<String, String> settings();

    /** The library's repository; also used to add seats and read back what was stored. */
    SeatRepository repository();

    /** The library first, then the baselines this store supports, all on the same pool and table. */
    List<Approach> approaches();

    /** The approach with the given variant name. */
    default Approach approach(String variant) {
        return approaches().stream().filter(a -> a.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind().id() + " has no variant " + variant));
    }

    /**
     * Adds {@code count} empty seats numbered as {@link ShowIds#numbers} does; by default through the
     * library, a backend may do it faster.
     */
    default void addEmptySeats(ShowId show, int count) {
        repository().addSeats(show, ShowIds.numbers(count));
    }

    /** Removes a show's seats once its run is over, so every run meets a table of the same size. */
    void dropShow(ShowId show);

    /** Releases the pool and any embedded server. */
    @Override
    void close();
}
