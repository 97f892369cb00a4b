package dev.booking.demo;

import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The show the page is about: {@code demo.show} at startup (its seats added if absent, so a
 * restarted demo on PostgreSQL finds its bookings again), a fresh one after each reset.
 *
 * <p>Thread-safe: the current show is swapped atomically; a request that read the old show keeps
 * working on it.
 */
@Component
public class DemoShow {

    private final SeatRepository seats;
    private final DemoProperties properties;
    private final List<String> layout;
    private final Set<String> seatNumbers;
    private final AtomicReference<ShowId> current = new AtomicReference<>();
    private final AtomicInteger resets = new AtomicInteger();

    /**
     * Opens the configured show, adding its seats if they are not there yet.
     *
     * @param seats      the starter's repository
     * @param properties the seat map's size and the show's name
     */
    public DemoShow(SeatRepository seats, DemoProperties properties) {
        this.seats = seats;
        this.properties = properties;
        this.layout = layoutOf(properties.rows(), properties.seatsPerRow());
        this.seatNumbers = Set.copyOf(layout);
        open(ShowId.of(properties.show()));
    }

    /** The show the page shows now. */
    public ShowId current() {
        return current.get();
    }

    /** The seat numbers, row by row: A1..A12, B1..B12, and so on. */
    public List<String> layout() {
        return layout;
    }

    /** Seats in each row of the map. */
    public int seatsPerRow() {
        return properties.seatsPerRow();
    }

    /**
     * Checks that {@code number} is a seat of the map.
     *
     * @param number the seat number as received
     * @return the number
     * @throws IllegalArgumentException naming {@code seat} otherwise
     */
    public String requireSeat(String number) {
        if (number == null || !seatNumbers.contains(number)) {
            throw new IllegalArgumentException("seat must be one of " + layout.get(0) + ".."
                    + layout.get(layout.size() - 1));
        }
        return number;
    }

    /** Every seat of the current show with its state, in map order. */
    public List<SeatState> seats() {
        return seats.listSeats(current());
    }

    /**
     * Starts a new, empty show (the old one stays stored as it was).
     *
     * @return the new show
     */
    public ShowId reset() {
        ShowId next = ShowId.of(properties.show() + "-" + System.currentTimeMillis() + "-" + resets.incrementAndGet());
        open(next);
        return next;
    }

    private void open(ShowId show) {
        seats.addSeats(show, layout); // idempotent: an existing show keeps its bookings
        current.set(show);
    }

    private static List<String> layoutOf(int rows, int perRow) {
        List<String> numbers = new ArrayList<>(rows * perRow);
        for (int row = 0; row < rows; row++) {
            for (int seat = 1; seat <= perRow; seat++) {
                numbers.add((char) ('A' + row) + Integer.toString(seat));
            }
        }
        return List.copyOf(numbers);
    }
}
