package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.tck.HostileInputContract;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Rule 10 (hostile input) on one database, in a fresh table of its own. */
abstract class JdbcHostileInputCompatibilitySuite extends HostileInputContract {

    private static final Map<Class<?>, HikariDataSource> POOLS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, SeatRepository> REPOSITORIES = new ConcurrentHashMap<>();

    /** The database this suite runs on. */
    abstract TestDatabase database();

    @Override
    protected SeatRepository repository() {
        return REPOSITORIES.computeIfAbsent(getClass(), type -> {
            HikariDataSource pool = POOLS.computeIfAbsent(type, t -> database().pool(4));
            Dialect dialect = JdbcSeatRepository.builder(pool).build().dialect();
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool)
                    .table(TestTables.fresh(pool, dialect, type)).build();
            seats.createSchema();
            return seats;
        });
    }

    @AfterAll
    static void closePools() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
        REPOSITORIES.clear();
    }
}
