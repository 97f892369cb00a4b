package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.tck.SeatRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the compatibility kit on one database: one pool and one freshly created table per test class,
 * built through the public API exactly as an application would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCompatibilitySuite extends SeatRepositoryContract {

    /** A pool size typical of a service; the kit's 1000 racers queue for these connections. */
    static final int POOL_SIZE = 16;

    private SuiteTable store;
    private JdbcSeatRepository repository;

    /** The database this suite runs on. */
    abstract TestDatabase database();

    /** Opens the pool; subclasses may change the connection settings. */
    HikariDataSource openPool() {
        return database().pool(POOL_SIZE);
    }

    /** The repository configuration beyond table and data source; the default is the library's default. */
    JdbcSeatRepository.Builder configure(JdbcSeatRepository.Builder builder) {
        return builder;
    }

    @BeforeAll
    void createRepository() {
        store = SuiteTable.create(openPool(), getClass());
        repository = configure(store.builder()).build();
    }

    @AfterAll
    void closePool() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected SeatRepository repository() {
        return repository;
    }

    /** The repository under test, with its JDBC-specific accessors. */
    JdbcSeatRepository jdbcRepository() {
        return repository;
    }

    /** The pool, for tests that inspect the database directly. */
    HikariDataSource dataSource() {
        return store.pool();
    }
}
