package dev.booking.micrometer;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks of a metering decorator, written once so that they run against {@link
 * MeteredSeatRepository} and against deliberately broken decorators (which they must fail).
 */
final class OutcomeChecks {

    /** Wraps a repository, recording into a registry. */
    interface Decorator extends BiFunction<SeatRepository, MeterRegistry, SeatRepository> {
    }

    private static final Tags TAGS = Tags.of("store", "memory");
    private static final ShowId SHOW = ShowId.of("hamlet");
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");

    private OutcomeChecks() {
    }

    /**
     * Drives every variant of every result through the decorator once, each on a fresh registry,
     * and checks that exactly that call was recorded, under its operation and outcome.
     */
    static void everyOutcomeIsCountedUnderItsTags(Decorator decorator) {
        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("try_book/booked", s -> s.tryBook(seat("A1"), ANN));
        steps.put("try_book/already_yours", s -> {
            s.delegate.tryBook(seat("A1"), ANN);
            s.metered.tryBook(seat("A1"), ANN);
        });
        steps.put("try_book/taken", s -> {
            s.delegate.tryBook(seat("A1"), ANN);
            s.metered.tryBook(seat("A1"), BOB);
        });
        steps.put("try_book/no_such_seat", s -> s.tryBook(seat("Z9"), ANN));
        steps.put("claim/claimed", s -> s.metered.claim(ClaimRequest.book(SHOW, ANN, "A1", "A2")));
        steps.put("claim/unavailable", s -> {
            s.delegate.tryBook(seat("A2"), BOB);
            s.metered.claim(ClaimRequest.book(SHOW, ANN, "A1", "A2"));
        });
        steps.put("claim/no_such_seats", s -> s.metered.claim(ClaimRequest.book(SHOW, ANN, "A1", "Z9")));
        steps.put("claim/reference_in_use", s -> {
            BookingReference reference = BookingReference.of("order-1");
            s.delegate.claim(ClaimRequest.book(SHOW, ANN, "A1").withReference(reference));
            s.metered.claim(ClaimRequest.book(SHOW, ANN, "A2").withReference(reference));
        });
        steps.put("hold/claimed", s -> s.metered.hold(seat("A1"), ANN, Duration.ofMinutes(5)));
        steps.put("hold/unavailable", s -> {
            s.delegate.tryBook(seat("A1"), BOB);
            s.metered.hold(seat("A1"), ANN, Duration.ofMinutes(5));
        });
        steps.put("confirm/confirmed", s -> s.metered.confirm(s.heldByAnn(), ANN));
        steps.put("confirm/lapsed", s -> s.metered.confirm(BookingReference.of("never-held"), ANN));
        steps.put("confirm/not_yours", s -> s.metered.confirm(s.heldByAnn(), BOB));
        steps.put("release/released", s -> s.metered.release(s.heldByAnn(), ANN));
        steps.put("release/not_yours", s -> s.metered.release(s.heldByAnn(), BOB));
        steps.put("release/nothing_to_release", s -> s.metered.release(BookingReference.of("never-held"), ANN));
        steps.put("release/released ", s -> { // by seat; the key's trailing space keeps it apart
            s.delegate.tryBook(seat("A1"), ANN);
            s.metered.release(seat("A1"), ANN);
        });
        steps.put("release/not_yours ", s -> {
            s.delegate.tryBook(seat("A1"), ANN);
            s.metered.release(seat("A1"), BOB);
        });
        steps.put("release/nothing_to_release ", s -> s.metered.release(seat("A1"), ANN));
        steps.put("find_seat/found", s -> assertThat(s.metered.findSeat(seat("A1"))).isPresent());
        steps.put("find_seat/not_found", s -> assertThat(s.metered.findSeat(seat("Z9"))).isEmpty());
        steps.put("list_seats/listed", s -> assertThat(s.metered.listSeats(SHOW)).hasSize(2));
        steps.put("add_seats/added", s -> s.metered.addSeats(SHOW, List.of("B1")));
        steps.put("sweep_expired_holds/swept", s -> {
            s.delegate.hold(seat("A1"), ANN, Duration.ofMinutes(1));
            s.delegate.hold(seat("A2"), BOB, Duration.ofMinutes(1));
            s.clock.advance(Duration.ofMinutes(2));
            assertThat(s.metered.sweepExpiredHolds(10)).isEqualTo(2);
            assertThat(s.registry.get(BookingMeters.HOLDS_SWEPT).tags(TAGS).counter().count())
                    .as("seats swept").isEqualTo(2.0);
        });

        for (Map.Entry<String, Step> step : steps.entrySet()) {
            String[] expected = step.getKey().strip().split("/");
            Subject subject = new Subject(decorator);
            step.getValue().run(subject);
            assertThat(recorded(subject.registry)).as("the calls recorded by step %s", step.getKey())
                    .containsExactly(Map.entry(expected[0] + "/" + expected[1] + "/none", 1L));
        }
    }

    /**
     * A store failure and an invalid argument are recorded as {@code error} and {@code invalid},
     * with the exception's simple name, and the very same exception reaches the caller.
     */
    static void exceptionsAreCountedAndRethrownUnchanged(Decorator decorator) {
        BookingException down = new BookingException(BookingException.Failure.CONNECTION, "the store is down");
        SeatRepository failing = (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> {
                    throw down;
                });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SeatRepository metered = decorator.apply(failing, registry);
        assertThatThrownBy(() -> metered.tryBook(seat("A1"), ANN)).isSameAs(down);
        assertThatThrownBy(() -> metered.release(seat("A1"), ANN)).isSameAs(down);
        assertThat(recorded(registry)).containsOnly(
                Map.entry("try_book/error/BookingException", 1L), Map.entry("release/error/BookingException", 1L));

        SimpleMeterRegistry invalidRegistry = new SimpleMeterRegistry();
        SeatRepository validating = decorator.apply(new InMemorySeatRepository(), invalidRegistry);
        assertThatThrownBy(() -> validating.tryBook(null, ANN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seat");
        assertThatThrownBy(() -> validating.sweepExpiredHolds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorded(invalidRegistry)).containsOnly(
                Map.entry("try_book/invalid/IllegalArgumentException", 1L),
                Map.entry("sweep_expired_holds/invalid/IllegalArgumentException", 1L));
    }

    /** Every {@code booking.operations} timer with a count, as "operation/outcome/exception" to its count. */
    static Map<String, Long> recorded(MeterRegistry registry) {
        Map<String, Long> recorded = new LinkedHashMap<>();
        for (Timer timer : registry.find(BookingMeters.OPERATIONS).timers()) {
            assertThat(timer.getId().getTag("store")).as("the decorator's own tags on %s", timer.getId()).isEqualTo("memory");
            if (timer.count() > 0) {
                recorded.put(timer.getId().getTag(BookingMeters.OPERATION) + "/" + timer.getId().getTag(BookingMeters.OUTCOME)
                        + "/" + timer.getId().getTag(BookingMeters.EXCEPTION), timer.count());
            }
        }
        return recorded;
    }

    /** The decorator with this class's tags. */
    static Decorator of(BiFunction<SeatRepository, MeterRegistry, SeatRepository> wrap) {
        return wrap::apply;
    }

    static Tags tags() {
        return TAGS;
    }

    private static SeatId seat(String number) {
        return SeatId.of(SHOW.value(), number);
    }

    private interface Step {
        void run(Subject subject);
    }

    /** A fresh store with seats A1 and A2, its clock, a fresh registry, and the decorator over the store. */
    private static final class Subject {
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T18:00:00Z"));
        final SeatRepository delegate = InMemorySeatRepository.builder().clock(clock).build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final SeatRepository metered;

        Subject(Decorator decorator) {
            delegate.addSeats(SHOW, List.of("A1", "A2"));
            metered = decorator.apply(delegate, registry);
        }

        void tryBook(SeatId seat, UserId user) {
            metered.tryBook(seat, user);
        }

        /** A hold of A1 by ann, made on the store directly (not recorded). */
        BookingReference heldByAnn() {
            return ((dev.booking.core.ClaimResult.Claimed) delegate.hold(seat("A1"), ANN, Duration.ofMinutes(5))).reference();
        }
    }
}
