package dev.booking.bench.perf;

import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;

import java.util.HashMap;
import java.util.Map;

/** What the store holds after a run: the owner of every booked seat of a show, by seat number. */
final class StoredOwners {

    private StoredOwners() {
    }

    static Map<String, String> of(SeatRepository repository, ShowId show) {
        Map<String, String> owners = new HashMap<>();
        for (SeatState seat : repository.listSeats(show)) {
            if (!seat.isEmpty()) {
                owners.put(seat.seat().number(), seat.owner().value());
            }
        }
        return owners;
    }
}
