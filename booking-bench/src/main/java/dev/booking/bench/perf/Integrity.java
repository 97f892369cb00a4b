package dev.booking.bench.perf;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What one run did to the seats, checked against what the store holds afterwards.
 *
 * @param seats              seats that were raced for (distinct seats: seats tried; hot seat: rounds)
 * @param callers            calls made
 * @param answered           calls that returned an answer (the rest threw, or never returned)
 * @param unanswered         calls still without an answer when the run gave up waiting
 * @param won                callers told they won
 * @param seatsWithOneWinner seats for which exactly one caller was told it won
 * @param doubleBookings     winners beyond the first, summed over seats: callers told "yours" for a seat
 *                           someone else was also told was theirs
 * @param unstoredWins       callers told they won whom the store does not hold as the owner
 * @param otherAnswers       answers that are neither won nor taken (e.g. "no such seat")
 */
record Integrity(int seats, long callers, long answered, long unanswered, long won, int seatsWithOneWinner,
                 long doubleBookings, long unstoredWins, long otherAnswers) {

    /** Exactly one winner for every seat raced for. */
    boolean oneWinnerPerSeat() {
        return seatsWithOneWinner == seats;
    }

    /** What is wrong, one phrase each; empty when the run was clean. */
    List<String> problems() {
        return Stream.of(
                        unanswered > 0 ? unanswered + " callers never answered" : null,
                        answered < callers - unanswered ? (callers - unanswered - answered) + " calls failed" : null,
                        !oneWinnerPerSeat() ? (seats - seatsWithOneWinner) + " of " + seats
                                + " seats without exactly one winner" : null,
                        doubleBookings > 0 ? doubleBookings + " double bookings" : null,
                        unstoredWins > 0 ? unstoredWins + " acknowledged wins not stored" : null,
                        otherAnswers > 0 ? otherAnswers + " unexpected answers" : null)
                .filter(Objects::nonNull).toList();
    }
}
