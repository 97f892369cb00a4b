package dev.booking.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The configurable table name: validated strictly, quoted always, the same on every database. */
class TableNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Seats", "seats; DROP TABLE x", "seats\"", "seats`", "a-b", "public.seats",
            "1seats", "s\u00e9ats", "seats--", "this_name_is_longer_than_forty_eight_characters_x"})
    void invalidNamesAreRejectedAtConstruction(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcSeatRepository.builder(DialectDetectionTest.h2()).table(name))
                .withMessageStartingWith("table must");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aReservedWordWorksAsTableNameOnEveryDatabase(TestDatabase database) {
        try (HikariDataSource pool = database.pool(2)) {
            JdbcSeatRepository probe = JdbcSeatRepository.builder(pool).build();
            TestTables.drop(pool, probe.dialect(), "order");
            JdbcSeatRepository seats = JdbcSeatRepository.builder(pool).table("order").build();
            seats.createSchema();
            seats.createSchema(); // idempotent

            ShowId show = ShowId.of("reserved");
            seats.addSeats(show, List.of("A1"));
            assertThat(seats.tryBook(show.seat("A1"), UserId.of("ann"))).isInstanceOf(BookingResult.Booked.class);
            assertThat(seats.listSeats(show)).hasSize(1);
            TestTables.drop(pool, probe.dialect(), "order");
        }
    }
}
