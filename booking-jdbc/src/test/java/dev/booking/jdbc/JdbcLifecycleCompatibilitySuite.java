package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.StoreFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Optional;

/**
 * Runs the lifecycle rules of the compatibility kit on one database: one pool and one freshly
 * created table per test class; every rule gets a repository of its own on that table, wired to
 * the kit's listener, built through the public API exactly as an application would. The
 * repositories reach the pool through a {@link FaultInjectingDataSource}, the kit's fault hook for
 * rules 25 and 26, which lets every connection through untouched until a rule arms it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcLifecycleCompatibilitySuite extends SeatLifecycleContract {

    /** A pool size typical of a service; the kit's racers queue for these connections. */
    static final int POOL_SIZE = 16;

    private SuiteTable store;
    private FaultInjectingDataSource faults;

    /** The database this suite runs on. */
    abstract TestDatabase database();

    /** Opens the pool; subclasses may change the connection settings. */
    HikariDataSource openPool() {
        return database().pool(POOL_SIZE);
    }

    /** The repository configuration beyond table, dialect and listener; the default is the library's default. */
    JdbcSeatRepository.Builder configure(JdbcSeatRepository.Builder builder) {
        return builder;
    }

    @BeforeAll
    void createTable() {
        store = SuiteTable.create(openPool(), getClass());
        faults = new FaultInjectingDataSource(store.pool());
    }

    @AfterAll
    void closePool() {
        if (store != null) {
            store.close();
        }
    }

    // sample:kit-faults
    @Override
    protected SeatRepository repository(BookingListener listener) {
        return configure(JdbcSeatRepository.builder(faults).table(store.table()).dialect(store.dialect())
                .listener(listener)).build();
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(faults.hook());
    }
    // end-sample:kit-faults
}
