package dev.booking.bench.perf;

import dev.booking.jdbc.Dialect;
import dev.booking.jdbc.JdbcSeatRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgBenchTest {

    @Test
    void theScriptIsTheClaimWithItsParametersAsPgbenchVariables() {
        String claim = JdbcSeatRepository.tryBookSql(Dialect.POSTGRESQL, "booking_bench");

        String script = PgBench.script(claim);

        assertThat(script).startsWith("\\set n :n + 1\n\\set seat :client_id * 10000000 + :n\n");
        assertThat(script).contains("owner_id = :owner, reference = :ref,")
                .contains("WHERE show_id = :show AND seat_no = :seat AND status = 'EMPTY'").doesNotContain("?");
        assertThat(script.lines().skip(2).findFirst().orElseThrow())
                .isEqualTo(claim.replaceFirst("\\?", ":owner").replaceFirst("\\?", ":ref").replaceFirst("\\?", ":show")
                        .replaceFirst("\\?", ":seat") + ";");
    }

    @Test
    void aClaimWithoutExactlyFourParametersIsRefused() {
        assertThatThrownBy(() -> PgBench.script("UPDATE t SET a = ? WHERE b = ? AND c = ?")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PgBench.script("UPDATE t SET a = ?, b = ? WHERE c = ? AND d = ? AND e = ?"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachClientHasItsOwnRunOfSeats() {
        assertThat(PgBench.seatNumbers(2, 3)).containsExactly("1", "2", "3", "10000001", "10000002", "10000003");
    }

    @Test
    void aJdbcUrlBecomesPgbenchConnectionParametersWithoutShowingThePassword() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5433/booking_test?user=booking&password=p%40ss");

        assertThat(url).isEqualTo(new PostgresUrl("127.0.0.1", 5433, "booking_test", "booking", "p@ss"));
        assertThat(url.toString()).doesNotContain("p@ss");
        assertThat(PostgresUrl.parse("jdbc:postgresql://db/x").port()).isEqualTo(5432);
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://a:1,b:2/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:mariadb://a/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
