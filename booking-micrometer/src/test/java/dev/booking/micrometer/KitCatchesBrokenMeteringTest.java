package dev.booking.micrometer;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decorator's checks fail on decorators that measure wrongly: they are not checks that pass anything. */
class KitCatchesBrokenMeteringTest {

    @Test
    void theOutcomeCheckFailsForADecoratorThatCountsTakenAsBooked() {
        assertThatThrownBy(() -> OutcomeChecks.everyOutcomeIsCountedUnderItsTags(TakenAsBooked::wrap))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("try_book/taken")
                .hasMessageContaining("try_book/booked/none");
    }

    @Test
    void theExceptionCheckFailsForADecoratorThatWrapsWhatItCatches() {
        assertThatThrownBy(() -> OutcomeChecks.exceptionsAreCountedAndRethrownUnchanged(WrapsFailures::wrap))
                .isInstanceOf(AssertionError.class);
    }

    /** A real metered repository, except that it records a lost booking race as won. */
    private static final class TakenAsBooked {
        private TakenAsBooked() {
        }

        static SeatRepository wrap(SeatRepository delegate, MeterRegistry registry) {
            SeatRepository metered = MeteredSeatRepository.wrap(delegate, registry, OutcomeChecks.tags());
            return intercepting(metered, (method, args) -> {
                if (!method.getName().equals("tryBook")) {
                    return invoke(method, metered, args);
                }
                Timer.Sample sample = Timer.start(registry);
                BookingResult result = delegate.tryBook((SeatId) args[0], (UserId) args[1]);
                String outcome = result instanceof BookingResult.Booked || result instanceof BookingResult.Taken ? "booked"
                        : result instanceof BookingResult.AlreadyYours ? "already_yours" : "no_such_seat";
                sample.stop(Timer.builder(BookingMeters.OPERATIONS).tags(OutcomeChecks.tags())
                        .tag(BookingMeters.OPERATION, BookingMeters.TRY_BOOK).tag(BookingMeters.OUTCOME, outcome)
                        .tag(BookingMeters.EXCEPTION, BookingMeters.NONE).register(registry));
                return result;
            });
        }
    }

    /** Counts correctly, then hands the caller a new exception instead of the store's. */
    private static final class WrapsFailures {
        private WrapsFailures() {
        }

        static SeatRepository wrap(SeatRepository delegate, MeterRegistry registry) {
            SeatRepository metered = MeteredSeatRepository.wrap(delegate, registry, OutcomeChecks.tags());
            return intercepting(metered, (method, args) -> {
                try {
                    return invoke(method, metered, args);
                } catch (BookingException e) {
                    throw new BookingException(e.failure(), "wrapped: " + e.getMessage(), e);
                }
            });
        }
    }

    private interface Call {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static SeatRepository intercepting(SeatRepository target, Call call) {
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, args) -> call.handle(method, args));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
