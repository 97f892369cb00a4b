package dev.booking.notify.it;

import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Rule N2's application process: books seats on the store with the outbox on and no relay
 * running, prints {@code booked <n>} once every booking has committed, and then waits to be killed
 * with {@code kill -9}, as an application that dies before it could tell anybody.
 */
public final class BookingProcessMain {

    /** The line printed once all bookings have committed, followed by their count. */
    static final String BOOKED = "booked ";

    private BookingProcessMain() {
    }

    /** Arguments: the store (four, see {@link StoreSpec#args()}), the show, and how many seats to book. */
    public static void main(String[] args) throws InterruptedException {
        StoreSpec spec = StoreSpec.parse(args, 0);
        ShowId show = ShowId.of(args[4]);
        int seats = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Stores stores = spec.open(2); // never closed: the process is killed holding it
        for (int i = 0; i < seats; i++) {
            BookingResult result = stores.repository().tryBook(show.seat(NotificationsContract.seatNumber(i)),
                    UserId.of(NotificationsContract.userName(i)));
            if (!(result instanceof BookingResult.Booked)) {
                out.println("unexpected " + result);
                System.exit(2);
            }
        }
        out.println(BOOKED + seats);
        Thread.sleep(Long.MAX_VALUE); // until kill -9
    }
}
