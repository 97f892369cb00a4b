package dev.booking.examples;

// sample:quick-start
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.BookingResult;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.jdbc.JdbcSeatRepository;

import java.util.List;

/** The README's quick start: one seat, two users, one winner. */
public final class QuickStart {

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args.length > 0 ? args[0] : "jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(10);                  // e.g. jdbc:postgresql://127.0.0.1:5432/app?user=app

        try (HikariDataSource dataSource = new HikariDataSource(config)) {   // your pool; you own it
            JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource).build(); // dialect detected
            seats.createSchema();                       // or run the shipped DDL with your migration tool

            ShowId show = ShowId.of("hamlet-2026-12-01");
            seats.addSeats(show, List.of("A1", "A2", "A3"));   // idempotent

            for (String user : List.of("ann", "bob")) {
                BookingResult result = seats.tryBook(show.seat("A1"), UserId.of(user));
                System.out.println(user + ": " + answer(result));
            }
        }
    }

    /** What a caller is told; contention is a result, never an exception. */
    static String answer(BookingResult result) {
        if (result instanceof BookingResult.Booked booked) {
            return "booked " + booked.seat() + ", reference " + booked.reference();   // this call won
        } else if (result instanceof BookingResult.AlreadyYours) {
            return "already yours";                     // a repeated click: nothing changed
        } else if (result instanceof BookingResult.Taken) {
            return "sorry, taken";                      // somebody else has it; who is not told
        } else {
            return "no such seat";                      // BookingResult.NoSuchSeat
        }
    }
}
// end-sample:quick-start
