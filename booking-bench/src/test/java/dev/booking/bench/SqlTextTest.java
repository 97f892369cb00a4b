package dev.booking.bench;

import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcSeatRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTextTest {

    @Test
    void theClaimIsTheLibrarysOwnStatementAndTheOthersAreDerivedFromIt() {
        SqlText sql = SqlText.of(Dialect.POSTGRESQL, "booking_bench");

        assertThat(sql.claim()).isEqualTo(JdbcSeatRepository.tryBookSql(Dialect.POSTGRESQL, "booking_bench"));
        assertThat(sql.overwrite()).isEqualTo("UPDATE \"booking_bench\" SET status = 'BOOKED', owner_id = ?, reference = ?,"
                + " hold_until = NULL, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE show_id = ? AND seat_no = ?");
        assertThat(sql.claim()).startsWith(sql.overwrite() + SqlText.STATUS_CONDITION);
        assertThat(sql.readStatus()).isEqualTo("SELECT status FROM \"booking_bench\" WHERE show_id = ? AND seat_no = ?");
        assertThat(sql.lockStatus()).isEqualTo(sql.readStatus() + " FOR UPDATE");
        assertThat(sql.deleteShow()).isEqualTo("DELETE FROM \"booking_bench\" WHERE show_id = ?");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyDialectsClaimHasTheShapeTheBaselinesAreDerivedFrom(Dialect dialect) {
        SqlText sql = SqlText.of(dialect, "t");

        assertThat(sql.claim()).startsWith(sql.overwrite() + SqlText.STATUS_CONDITION);
        assertThat(sql.overwrite()).doesNotContain("status = 'EMPTY'");
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
