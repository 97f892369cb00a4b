package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.jdbc.internal.GaleraSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of a Galera node's {@code wsrep_sync_wait} that {@code build()} runs when it detects
 * MariaDB: a warning naming the setting and the fix when a needed bit is missing, nothing when
 * wsrep is off or the value is enough, and the user's session left as it was.
 */
class GaleraSettingsTest {

    @ParameterizedTest(name = "wsrep_on {0}, wsrep_sync_wait {1}: warns {2}")
    @CsvSource({
            "false, 0, false",  // not a Galera node
            "true, 0, true",    // the default: reads and updates may be stale
            "true, 1, true",    // reads only: a losing tryBook's UPDATE may still see an old row
            "true, 2, true",    // updates only: findSeat and listSeats may be stale
            "true, 3, false",   // what the kit needs
            "true, 7, false",   // and INSERT
            "true, 15, false",  // everything
    })
    void warnsWhenReadsOrUpdatesMayBeStale(boolean wsrepOn, int syncWait, boolean warns) {
        assertThat(GaleraSettings.warning(wsrepOn, syncWait).isPresent()).isEqualTo(warns);
        GaleraSettings.warning(wsrepOn, syncWait).ifPresent(text -> assertThat(text)
                .contains("wsrep_sync_wait=" + syncWait).contains("SET SESSION wsrep_sync_wait = 3"));
    }

    @Test
    void aServerThatCannotAnswerHasNothingToSay() {
        assertThat(GaleraSettings.check(DialectDetectionTest.h2())).isEmpty(); // H2 has no @@wsrep_on
    }

    @Test
    void onTheClusterTheCheckReadsThePoolsSessionsAndChangesNothing() throws SQLException {
        GaleraCluster cluster = GaleraCluster.fromEnvironment();
        try (HikariDataSource defaults = cluster.pool(1, 1, c -> c.setConnectionInitSql(null));
             HikariDataSource synced = cluster.pool(2, 1, c -> { })) {
            assertThat(GaleraSettings.check(defaults)).as("a node at its default, 0").isPresent();
            assertThat(syncWait(defaults)).as("the session after the check").isZero();
            assertThat(GaleraSettings.check(synced)).as("sessions with " + GaleraCluster.SYNC_WAIT).isEmpty();
            // and build() runs it where it detects the dialect, without failing either way
            assertThat(JdbcSeatRepository.builder(defaults).build().dialect()).isEqualTo(Dialect.MARIADB);
        }
    }

    private static int syncWait(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@wsrep_sync_wait")) {
            result.next();
            return result.getInt(1);
        }
    }
}
