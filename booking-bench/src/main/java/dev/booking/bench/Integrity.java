package dev.booking.bench;

import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a race did to the seats, checked against what the store holds afterwards: the one check of
 * the race demo and of every benchmark run, for single seats and for groups alike.
 *
 * @param seats              seats raced for (at least one call went for them)
 * @param callers            calls made
 * @param answered           calls that returned an answer (the rest threw, or never returned)
 * @param unanswered         calls still without an answer when the race stopped waiting
 * @param won                callers told they won
 * @param seatsWithOneWinner seats for which exactly one caller was told it won
 * @param doubleBookings     winners beyond the first, summed over seats: callers told "yours" for a
 *                           seat someone else was also told was theirs
 * @param unstoredWins       callers told they won whose seats the store does not hold, whole, for them
 * @param unexplainedSeats   seats the store holds as taken that neither a winner stored whole nor a
 *                           call of unknown outcome accounts for: a loser's write kept, or part of a
 *                           group left behind
 * @param otherAnswers       answers that are neither won nor taken (e.g. "no such seat")
 * @param takenSeats         seats of the show the store holds as taken
 * @param examples           the first violations, one line each, naming seats and callers
 */
public record Integrity(int seats, long callers, long answered, long unanswered, long won, int seatsWithOneWinner,
                        long doubleBookings, long unstoredWins, long unexplainedSeats, long otherAnswers,
                        int takenSeats, List<String> examples) {

    private static final int MAX_EXAMPLES = 10;

    /** Copies the examples. */
    public Integrity {
        examples = List.copyOf(examples);
    }

    /**
     * Checks a race.
     *
     * @param calls   every call, by caller
     * @param answers what each call came to, in the same order
     * @param stored  the seats of the show as the store holds them afterwards
     */
    public static Integrity of(List<Call> calls, List<Answer> answers, List<SeatState> stored) {
        if (calls.size() != answers.size()) {
            throw new IllegalArgumentException(calls.size() + " calls but " + answers.size() + " answers");
        }
        Map<SeatId, SeatState> storedBySeat = new HashMap<>();
        stored.forEach(state -> storedBySeat.put(state.seat(), state));
        Set<SeatId> raced = new HashSet<>();
        Map<SeatId, List<UserId>> winners = new LinkedHashMap<>();
        Set<SeatId> accountedFor = new HashSet<>();
        List<String> examples = new ArrayList<>();
        long answered = 0;
        long unanswered = 0;
        long won = 0;
        long unstored = 0;
        long other = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Answer answer = answers.get(i);
            raced.addAll(call.seats());
            boolean storedWhole = call.storedWhole(storedBySeat);
            switch (answer) {
                case WON -> {
                    won++;
                    call.seats().forEach(seat -> winners.computeIfAbsent(seat, s -> new ArrayList<>(1)).add(call.user()));
                    if (!storedWhole) {
                        unstored++;
                        example(examples, call.user() + " was told it won " + numbers(call.seats())
                                + " but the store does not hold " + (call.seats().size() == 1 ? "it" : "them all")
                                + " for it");
                    }
                }
                case OTHER -> other++;
                case UNANSWERED -> unanswered++;
                default -> {
                }
            }
            answered += answer.outcomeUnknown() ? 0 : 1;
            // a winner stored whole, or a call that may have won unseen, accounts for the seats it holds
            if (storedWhole && (answer == Answer.WON || answer.outcomeUnknown())) {
                accountedFor.addAll(call.seats());
            }
        }
        int oneWinner = 0;
        long doubleBookings = 0;
        for (Map.Entry<SeatId, List<UserId>> seat : winners.entrySet()) {
            int count = seat.getValue().size();
            oneWinner += count == 1 ? 1 : 0;
            if (count > 1) {
                doubleBookings += count - 1;
                example(examples, seat.getKey() + " was given to " + count + " callers: " + seat.getValue());
            }
        }
        int taken = 0;
        long unexplained = 0;
        for (SeatState state : stored) {
            if (!state.isEmpty()) {
                taken++;
                if (!accountedFor.contains(state.seat())) {
                    unexplained++;
                    example(examples, state.seat() + " is taken by " + state.owner()
                            + ", which no winner stored whole accounts for: a loser's write or part of a group left behind");
                }
            }
        }
        return new Integrity(raced.size(), calls.size(), answered, unanswered, won, oneWinner, doubleBookings, unstored,
                unexplained, other, taken, examples);
    }

    /** Exactly one winner for every seat raced for. */
    public boolean oneWinnerPerSeat() {
        return seatsWithOneWinner == seats;
    }

    /**
     * What no correct store may ever do, one phrase each: give a seat to two callers, lose an
     * acknowledged win, or keep a claim nobody was told about. Empty when the race was clean; calls
     * that failed or found a seat without a winner are not in here (see {@link #problems()}).
     */
    public List<String> brokenPromises() {
        return Stream.of(
                        doubleBookings > 0 ? doubleBookings + " double bookings" : null,
                        unstoredWins > 0 ? unstoredWins + " acknowledged wins not stored" : null,
                        unexplainedSeats > 0 ? unexplainedSeats + " seats taken that no winner accounts for" : null)
                .filter(Objects::nonNull).toList();
    }

    /**
     * Everything short of a perfect run, one phrase each: the broken promises, and also callers
     * without an answer, failed calls, seats without exactly one winner and unexpected answers.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (unanswered > 0) {
            problems.add(unanswered + " callers never answered");
        }
        if (answered < callers - unanswered) {
            problems.add((callers - unanswered - answered) + " calls failed");
        }
        if (!oneWinnerPerSeat()) {
            problems.add((seats - seatsWithOneWinner) + " of " + seats + " seats without exactly one winner");
        }
        problems.addAll(brokenPromises());
        if (otherAnswers > 0) {
            problems.add(otherAnswers + " unexpected answers");
        }
        return List.copyOf(problems);
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(line);
        }
    }

    private static List<String> numbers(List<SeatId> seats) {
        return seats.stream().map(SeatId::number).toList();
    }
}
