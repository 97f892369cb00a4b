package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.SqlStore;
import dev.booking.bench.Store;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;

import java.util.List;

/**
 * One way of booking a seat: the library, or something a user might write instead. Safe to share
 * between threads; a failure is thrown, never turned into an answer.
 *
 * @param name    the variant's name in the results, e.g. {@code library} or {@code raw-jdbc}
 * @param booking what it does
 */
record Approach(String name, Booking booking) {

    /** Tries to book a seat for a user: {@link Answer#WON}, {@link Answer#LOST} or {@link Answer#OTHER}. */
    @FunctionalInterface
    interface Booking {
        /** Books or not, and says which; throws a {@link RuntimeException} if the store fails. */
        Answer book(SeatId seat, UserId user);
    }

    /** Tries to book {@code seat} for {@code user}. */
    Answer book(SeatId seat, UserId user) {
        return booking.book(seat, user);
    }

    /** The library itself, {@link SeatRepository#tryBook}, under the given variant name. */
    static Approach library(String name, SeatRepository repository) {
        return new Approach(name, (seat, user) -> Answer.of(repository.tryBook(seat, user)));
    }

    /**
     * The library first, then (SQL) the library with its outbox and the baselines {@code store}
     * supports, all on the same pool and table.
     */
    static List<Approach> on(Store store) {
        Approach library = library(Variants.LIBRARY, store.repository());
        if (store instanceof SqlStore sql) {
            // the outbox's repository and table are made on its first call, so only its workload creates them
            Approach outbox = new Approach(Variants.OUTBOX, (seat, user) ->
                    Answer.of(sql.repositoryWithOutbox().tryBook(seat, user)));
            return List.of(library, outbox, SqlBaselines.rawJdbc(sql.pool(), sql.statements()),
                    SqlBaselines.naive(sql.pool(), sql.statements(), () -> { }),
                    SqlBaselines.forUpdate(sql.pool(), sql.statements()));
        }
        return List.of(library);
    }

    /**
     * The same variants as {@link #on}, without the outbox, on the store's {@linkplain SqlStore#timedPool
     * timed pool} where it is SQL, so that every call's {@link dev.booking.bench.CallBreakdown} can say
     * how long it waited for a connection and executed statements: the library and the baselines
     * through the same wrapper on the same pool. Elsewhere the same as {@link #on}.
     */
    static List<Approach> timedOn(Store store) {
        if (store instanceof SqlStore sql) {
            return List.of(library(Variants.LIBRARY, sql.timedRepository()),
                    SqlBaselines.rawJdbc(sql.timedPool(), sql.statements()),
                    SqlBaselines.naive(sql.timedPool(), sql.statements(), () -> { }),
                    SqlBaselines.forUpdate(sql.timedPool(), sql.statements()));
        }
        return List.of(library(Variants.LIBRARY, store.repository()));
    }
}
