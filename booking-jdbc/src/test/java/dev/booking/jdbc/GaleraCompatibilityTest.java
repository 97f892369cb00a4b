package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingListener;
import dev.booking.core.SeatRepository;
import dev.booking.tck.CountdownFaults;
import dev.booking.tck.SeatLifecycleContract;
import dev.booking.tck.SeatRepositoryContract;
import dev.booking.tck.StoreFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The compatibility kit and its lifecycle rules on a three-node MariaDB Galera cluster, every race
 * spread over all three nodes: one pool and one repository per node, and each calling thread
 * pinned to a node round-robin ({@link RoundRobinNodeRepository}). The kit's checks are the
 * cluster's: exactly one winner per seat, no partial group, linearizable histories. Each kit's
 * table is created once, on node 1; the sessions run with {@link GaleraCluster#SYNC_WAIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GaleraCompatibilityTest extends SeatRepositoryContract {

    /** Connections per node: the kit's 1000 racers, a third per node, queue for these. */
    static final int POOL_SIZE = 16;

    private List<HikariDataSource> pools = List.of();
    private RoundRobinNodeRepository repository;

    @BeforeAll
    void openPools() {
        GaleraCluster cluster = GaleraCluster.fromEnvironment();
        pools = cluster.pools(POOL_SIZE);
        String table = createTableOnNode1(getClass());
        repository = new RoundRobinNodeRepository(onEveryNode(pool -> builder(pool, table).build()));
    }

    @AfterAll
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Override
    protected SeatRepository repository() {
        return repository;
    }

    private String createTableOnNode1(Class<?> testClass) {
        String table = TestTables.fresh(pools.get(0), Dialect.MARIADB, testClass);
        builder(pools.get(0), table).build().createSchema();
        return table;
    }

    private List<JdbcSeatRepository> onEveryNode(Function<HikariDataSource, JdbcSeatRepository> build) {
        return pools.stream().map(build).toList();
    }

    private static JdbcSeatRepository.Builder builder(javax.sql.DataSource dataSource, String table) {
        return JdbcSeatRepository.builder(dataSource).table(table).dialect(Dialect.MARIADB);
    }

    /**
     * The lifecycle rules on the same three pools, on a table of their own. Every rule gets three
     * repositories wired to the kit's listener, one per node, behind a round-robin router; the
     * kit's fault hook arms the writes of all three nodes at once.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GaleraLifecycle extends SeatLifecycleContract {

        private final CountdownFaults faults = new CountdownFaults();
        private String table;
        private List<FaultInjectingDataSource> faultyNodes;

        @BeforeAll
        void createTable() {
            table = createTableOnNode1(getClass());
            faultyNodes = pools.stream().map(pool -> new FaultInjectingDataSource(pool, faults)).toList();
        }

        @Override
        protected SeatRepository repository(BookingListener listener) {
            return new RoundRobinNodeRepository(faultyNodes.stream()
                    .map(node -> builder(node, table).listener(listener).build()).toList());
        }

        @Override
        protected Optional<StoreFaults> faults() {
            return Optional.of(faults);
        }
    }
}
