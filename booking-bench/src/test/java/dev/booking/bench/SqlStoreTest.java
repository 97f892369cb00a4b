package dev.booking.bench;

import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL store on H2: its fast seat set-up writes exactly what the library's addSeats writes. */
class SqlStoreTest {

    @Test
    void bulkSeatsAreTheSameRowsAsTheLibraryAdds() {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("sql-store-test"), null, null, 2, "sql_store_test")) {
            ShowIds shows = new ShowIds("test");
            ShowId bulk = shows.next();
            ShowId library = shows.next();

            store.addEmptySeats(bulk, 1234);
            store.repository().addSeats(library, ShowIds.numbers(1234));

            List<SeatState> bulkSeats = store.repository().listSeats(bulk);
            List<SeatState> librarySeats = store.repository().listSeats(library);
            assertThat(bulkSeats).hasSize(1234).allMatch(seat -> seat.equals(SeatState.empty(seat.seat())));
            assertThat(bulkSeats).extracting(seat -> seat.seat().number())
                    .containsExactlyElementsOf(librarySeats.stream().map(seat -> seat.seat().number()).toList());
        }
    }

    @Test
    void droppingAShowRemovesItsSeatsAndNoOthers() {
        try (SqlStore store = SqlStore.open(SqlStore.h2Url("sql-store-drop-test"), null, null, 2, "sql_store_test")) {
            ShowIds shows = new ShowIds("test");
            ShowId dropped = shows.next();
            ShowId kept = shows.next();
            store.addEmptySeats(dropped, 10);
            store.addEmptySeats(kept, 10);

            store.dropShow(dropped);

            assertThat(store.repository().listSeats(dropped)).isEmpty();
            assertThat(store.repository().listSeats(kept)).hasSize(10);
            assertThat(store.description()).startsWith("H2 ").contains("embedded, in-memory");
            assertThat(store.settings()).containsKeys("version", "driver", "pool", "default isolation");
        }
    }
}
