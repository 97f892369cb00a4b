package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often Galera's certification refuses a commit when 1000 callers spread over three nodes race
 * for one seat, and for 20 seats, printed as {@code [ha] galera conflicts: ...}: the nodes' own
 * counters ({@code wsrep_local_cert_failures}, {@code wsrep_local_bf_aborts}) and the errors 1213
 * the driver raised ({@link ConflictRecordingDataSource}). The sessions run with
 * {@code wsrep_retry_autocommit=0}: with the server's default, 1, a node runs a refused autocommit
 * statement (tryBook's UPDATE) again itself and the driver hardly ever sees one (the kit runs with
 * the default); with it off, every refusal reaches the library as a deadlock victim, which runs it
 * again. No caller may see one: each race is audited ({@link AuditedRace}) and no call may fail.
 */
class GaleraConflictTest {

    private static final int CALLERS = 1000;

    @ParameterizedTest(name = "{0} seat(s), wsrep_retry_autocommit={1}") // the default, 1, hides them from the driver
    @CsvSource({"1, 0", "20, 0"})
    void certificationFailuresAreRunAgainAndNoCallerSeesOne(int seats, int serverRetries) throws Exception {
        GaleraCluster cluster = GaleraCluster.fromEnvironment();
        String init = GaleraCluster.SYNC_WAIT + ", SESSION wsrep_retry_autocommit = " + serverRetries;
        List<HikariDataSource> pools = List.of(1, 2, 3).stream()
                .map(node -> cluster.pool(node, GaleraCompatibilityTest.POOL_SIZE, c -> c.setConnectionInitSql(init)))
                .toList();
        try {
            String table = TestTables.fresh(pools.get(0), Dialect.MARIADB, getClass());
            JdbcSeatRepository.builder(pools.get(0)).table(table).dialect(Dialect.MARIADB).build().createSchema();
            List<ConflictRecordingDataSource> recorded = pools.stream().map(ConflictRecordingDataSource::new).toList();
            RoundRobinNodeRepository repository = new RoundRobinNodeRepository(recorded.stream()
                    .map(node -> JdbcSeatRepository.builder(node).table(table).dialect(Dialect.MARIADB).build()).toList());

            long[] before = counters(pools);
            long started = System.nanoTime();
            AuditedRace.Report report = AuditedRace.run(repository,
                    "galera-" + seats + "-seats-retry-autocommit-" + serverRetries, CALLERS, seats,
                    () -> AuditedRace.Fault.NONE);
            long millis = (System.nanoTime() - started) / 1_000_000;
            long[] after = counters(pools);
            long atDriver = recorded.stream().flatMap(node -> node.conflicts().stream())
                    .filter(e -> e.getErrorCode() == 1213).count();
            System.out.printf("[ha] galera conflicts: %d seat(s), %d callers over 3 nodes, wsrep_retry_autocommit=%d:"
                            + " %d certification failures and %d brute-force aborts on the nodes (%.3f per call),"
                            + " %d errors 1213 at the driver (%.3f per call), all run again; race and audit %d ms%n",
                    seats, CALLERS, serverRetries, after[0] - before[0], after[1] - before[1],
                    (after[0] - before[0] + after[1] - before[1]) / (double) CALLERS, atDriver,
                    atDriver / (double) CALLERS, millis);
            assertThat(report.unknown()).as("calls whose outcome was unknown").isZero();
            assertThat(report.withoutEffect()).as("calls that failed").isZero();
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    /** The sums over the nodes of {@code wsrep_local_cert_failures} and {@code wsrep_local_bf_aborts}. */
    private static long[] counters(List<? extends DataSource> nodes) throws SQLException {
        long[] sums = new long[2];
        for (DataSource node : nodes) {
            try (Connection connection = node.getConnection(); Statement statement = connection.createStatement();
                 ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                         + " ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")) {
                while (status.next()) {
                    sums[status.getString(1).endsWith("cert_failures") ? 0 : 1] += status.getLong(2);
                }
            }
        }
        return sums;
    }
}
