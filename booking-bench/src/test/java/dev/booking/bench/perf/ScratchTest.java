package dev.booking.bench.perf;

import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.BookingReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ScratchTest {
    @Test
    void time() {
        try (SqlStore store = SqlStore.open(System.getenv("BOOKING_TEST_POSTGRES_URL"), null, null, 8, "scratch_lb")) {
            for (int rep = 0; rep < 6; rep++) {
                ShowId show = new ShowIds("s" + rep + System.nanoTime()).next();
                store.addEmptySeats(show, 500);
                List<ClaimRequest> reqs = new ArrayList<>();
                List<String> nums = ShowIds.numbers(500);
                for (int i = 0; i < 500; i++) {
                    reqs.add(ClaimRequest.book(show, UserId.of("u" + i), nums.get(i)).withReference(BookingReference.of("r-" + show + "-" + i)));
                }
                long t = System.nanoTime();
                store.repository().claimInOrder(reqs);
                System.out.println("SCRATCH batch 500 distinct: " + (System.nanoTime() - t) / 1_000_000 + " ms");
                ShowId show2 = new ShowIds("d" + rep + System.nanoTime()).next();
                store.addEmptySeats(show2, 500);
                t = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    store.repository().tryBook(show2.seat(nums.get(i)), UserId.of("u" + i));
                }
                System.out.println("SCRATCH 100 tryBook sequential: " + (System.nanoTime() - t) / 1_000_000 + " ms");
                store.dropShow(show);
                store.dropShow(show2);
            }
            System.out.println("SCRATCH " + store.settings());
            store.drop();
        }
    }
}
