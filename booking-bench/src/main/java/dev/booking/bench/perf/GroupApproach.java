package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;

import java.util.List;

/**
 * One way of booking a group of seats all or nothing: the library's {@code claim}, or what a user
 * writes by hand. Safe to share between threads; a failure is thrown, never turned into an answer.
 *
 * @param name      the variant's base name, {@link Variants#LIBRARY} or {@link Variants#FOR_UPDATE}
 * @param claiming  what it does
 * @param reference whether it stores the request's reference on every seat, so that the integrity
 *                  check can tell the group's seats from another's; false for the single-seat
 *                  approaches, whose stored owner alone says whose a seat is
 */
record GroupApproach(String name, Claiming claiming, boolean reference) {

    /** Books a group or nothing: {@link Answer#WON}, {@link Answer#LOST} or {@link Answer#OTHER}. */
    @FunctionalInterface
    interface Claiming {
        /**
         * Claims every seat of {@code request} or none; throws a {@link RuntimeException} if the store fails.
         *
         * @param picked the request's seats in the order the user picked them, which hand-written code
         *               locks in; the library sorts them itself
         */
        Answer claim(ClaimRequest request, List<SeatId> picked);
    }

    GroupApproach {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (claiming == null) {
            throw new IllegalArgumentException("claiming must not be null");
        }
    }

    /** Claims {@code request}'s seats, picked in the order {@code picked}. */
    Answer claim(ClaimRequest request, List<SeatId> picked) {
        return claiming.claim(request, picked);
    }

    /** The call as the integrity check needs it: a group under its reference, or a single-seat booking. */
    Call call(ClaimRequest request) {
        return reference ? Call.claim(request) : Call.booking(request.seats().get(0), request.user());
    }

    /** The library's group booking, {@link SeatRepository#claim} with a booking (not a hold) request. */
    static GroupApproach library(SeatRepository repository) {
        return new GroupApproach(Variants.LIBRARY, (request, picked) -> Answer.of(repository.claim(request)), true);
    }

    /**
     * A single-seat approach ({@code tryBook}, or FOR UPDATE of one seat) as the group-of-one reference:
     * single-seat bookings measured in the same harness as the groups.
     */
    static GroupApproach single(Approach approach) {
        return new GroupApproach(approach.name(), (request, picked) -> {
            if (picked.size() != 1) {
                throw new IllegalArgumentException("seats must be exactly one for " + approach.name()
                        + ", were " + picked.size());
            }
            return approach.book(picked.get(0), request.user());
        }, false);
    }
}
