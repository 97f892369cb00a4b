package dev.booking.tck;

import dev.booking.core.BookingException;
import dev.booking.core.BookingListener;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The in-memory repository with {@link OrderedClaims} decided as {@link Batching} says, behind a
 * {@link CountdownFaults} hook. With {@link Batching#CORRECT} the batch is one write, which shows
 * that a working store passes rule 27 with its fault part; the other modes are the deliberately
 * broken batches rule 27 must catch.
 */
final class BatchingSeatRepository extends ForwardingSeatRepository implements OrderedClaims {

    /** How a batch is decided and committed. */
    enum Batching {
        /** The reference implementation's batch, made as one write. */
        CORRECT,
        /** Decides the requests last to first. */
        REVERSED,
        /** Decides every request against the store as it was before the batch, as a blind write would. */
        IGNORES_EARLIER_REQUESTS,
        /** Decides in order but commits each request on its own: a fault halfway leaves part of the batch. */
        COMMITS_PER_REQUEST
    }

    private final InMemorySeatRepository memory;
    private final CountdownFaults hook;
    private final Batching batching;

    BatchingSeatRepository(CountdownFaults hook, Batching batching, BookingListener listener) {
        this(InMemorySeatRepository.builder().listener(listener).build(), hook, batching);
    }

    private BatchingSeatRepository(InMemorySeatRepository memory, CountdownFaults hook, Batching batching) {
        super(memory);
        this.memory = memory;
        this.hook = hook;
        this.batching = batching;
    }

    @Override
    public List<ClaimResult> claimInOrder(List<ClaimRequest> requests) {
        Arguments.claimBatch(requests); // every mode checks its arguments as the real thing does
        return switch (batching) {
            case CORRECT -> write(() -> memory.claimInOrder(requests));
            case REVERSED -> reversed(requests);
            case IGNORES_EARLIER_REQUESTS -> blind(requests);
            case COMMITS_PER_REQUEST -> requests.stream().map(request -> write(() -> memory.claim(request))).toList();
        };
    }

    private List<ClaimResult> reversed(List<ClaimRequest> requests) {
        ClaimResult[] answers = new ClaimResult[requests.size()];
        for (int i = requests.size() - 1; i >= 0; i--) {
            answers[i] = memory.claim(requests.get(i));
        }
        return Arrays.asList(answers);
    }

    /** Answers a claim that lost only to an earlier request of the batch as won, as if alone. */
    private List<ClaimResult> blind(List<ClaimRequest> requests) {
        Map<SeatId, Boolean> freeBefore = new HashMap<>();
        requests.forEach(request -> request.seats().forEach(seat -> freeBefore.put(seat,
                memory.findSeat(seat).map(SeatState::isEmpty).orElse(false))));
        List<ClaimResult> answers = new ArrayList<>();
        for (ClaimRequest request : requests) {
            ClaimResult answer = memory.claim(request);
            if (answer instanceof ClaimResult.Unavailable unavailable
                    && unavailable.seats().stream().allMatch(freeBefore::get)) {
                answer = new ClaimResult.Claimed(request.reference(), request.user(), request.seats(),
                        request.targetStatus(), request.isHold() ? Instant.now().plus(request.holdFor()) : null);
            }
            answers.add(answer);
        }
        return answers;
    }

    private <T> T write(Supplier<T> write) {
        if (hook.shouldFailWrite()) {
            throw new BookingException(BookingException.Failure.CONNECTION, "injected: the commit failed");
        }
        T result = write.get();
        if (hook.shouldLoseAcknowledgement()) {
            throw new BookingException(BookingException.Failure.CONNECTION, "injected: the reply was lost");
        }
        return result;
    }
}
