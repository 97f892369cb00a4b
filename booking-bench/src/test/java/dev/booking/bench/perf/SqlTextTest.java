package dev.booking.bench.perf;

import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.internal.PostgresSql;
import dev.booking.jdbc.internal.TableName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTextTest {

    @Test
    void theClaimIsTheLibrarysOwnStatementAndTheOthersAreDerivedFromIt() {
        SqlText sql = SqlText.of(Dialect.POSTGRESQL, "booking_bench");

        assertThat(sql.claim()).isEqualTo(new PostgresSql().statements(new TableName("booking_bench")).claim());
        assertThat(sql.overwrite()).isEqualTo("UPDATE \"booking_bench\" SET status = 'BOOKED', owner_id = ?, reference = ?,"
                + " hold_until = NULL, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE show_id = ? AND seat_no = ?");
        assertThat(sql.claim()).startsWith(sql.overwrite() + SqlText.STATUS_CONDITION);
        assertThat(sql.readStatus()).isEqualTo("SELECT status FROM \"booking_bench\" WHERE show_id = ? AND seat_no = ?");
        assertThat(sql.lockStatus()).isEqualTo(sql.readStatus() + " FOR UPDATE");
        assertThat(sql.deleteShow()).isEqualTo("DELETE FROM \"booking_bench\" WHERE show_id = ?");
    }

    @Test
    void everyDialectKeepsItsQuotingAndClock() {
        assertThat(SqlText.of(Dialect.MARIADB, "t").overwrite()).startsWith("UPDATE `t` SET").contains("UTC_TIMESTAMP(6)");
        assertThat(SqlText.of(Dialect.H2, "t").readStatus()).contains("FROM \"t\" WHERE");
    }

    @Test
    void aClaimOfAnotherShapeIsRefusedRatherThanBenchmarkedWrongly() {
        assertThatThrownBy(() -> SqlText.fromClaim("UPDATE t SET status = 'BOOKED' WHERE id = ? AND status = 'EMPTY'"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed shape");
    }
}
