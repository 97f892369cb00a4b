package dev.booking.bench.perf;

import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's fast seat set-up writes exactly what the library's addSeats writes. */
class BulkSeatsTest {

    @Test
    void bulkSeatsAreTheSameRowsAsTheLibraryAdds() {
        try (SqlBackend backend = SqlBackend.h2(2)) {
            ShowIds shows = new ShowIds();
            ShowId bulk = shows.next();
            ShowId library = shows.next();

            backend.addEmptySeats(bulk, 1234);
            backend.repository().addSeats(library, ShowIds.numbers(1234));

            List<SeatState> bulkSeats = backend.repository().listSeats(bulk);
            List<SeatState> librarySeats = backend.repository().listSeats(library);
            assertThat(bulkSeats).hasSize(1234).allMatch(seat -> seat.equals(SeatState.empty(seat.seat())));
            assertThat(bulkSeats).extracting(seat -> seat.seat().number())
                    .containsExactlyElementsOf(librarySeats.stream().map(seat -> seat.seat().number()).toList());
        }
    }
}
