package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Invalid settings and missing arguments are rejected, naming what is wrong. */
class WaitingRoomValidationTest extends WaitingRoomTestSupport {

    @Test
    void invalidSettingsAreRejectedNamingTheSetting() {
        WaitingRoom.Builder builder = WaitingRoom.builder(repository);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.capacity(0))
                .withMessage("capacity must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.capacity(-5)).withMessageStartingWith("capacity");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.workers(0))
                .withMessage("workers must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.deadline(Duration.ZERO))
                .withMessageStartingWith("deadline must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.deadline(Duration.ofMillis(-1)))
                .withMessageStartingWith("deadline must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.deadline(null))
                .withMessage("deadline must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.rememberOwnersFor(Duration.ofNanos(-1)))
                .withMessageStartingWith("rememberOwnersFor must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.rememberOwnersFor(null))
                .withMessage("rememberOwnersFor must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.listener(null))
                .withMessage("listener must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.ticker(null))
                .withMessage("ticker must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> WaitingRoom.builder(null))
                .withMessage("repository must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> WaitingRoom.builder(repository).settings(null))
                .withMessage("settings must not be null");
    }

    @Test
    void theSettingsRecordValidatesToo() {
        WaitingRoomSettings defaults = WaitingRoomSettings.defaults();
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomSettings(0, 8, defaults.deadline(),
                defaults.rememberOwnersFor(), defaults.listener(), defaults.ticker())).withMessageStartingWith("capacity");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomSettings(1, 0, defaults.deadline(),
                defaults.rememberOwnersFor(), defaults.listener(), defaults.ticker())).withMessageStartingWith("workers");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomSettings(1, 1, defaults.deadline(),
                defaults.rememberOwnersFor(), null, defaults.ticker())).withMessageStartingWith("listener");
    }

    @Test
    void defaultsAreTheDocumentedOnesAndZeroMemoryIsAllowed() {
        WaitingRoomSettings settings = WaitingRoom.builder(repository).settings();
        assertThat(settings.capacity()).isEqualTo(WaitingRoomSettings.DEFAULT_CAPACITY);
        assertThat(settings.workers()).isEqualTo(8);
        assertThat(settings.deadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.rememberOwnersFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.listener()).isSameAs(WaitingRoomListener.NONE);

        assertThat(WaitingRoom.builder(repository).rememberOwnersFor(Duration.ZERO).settings().rememberOwnersFor())
                .isZero();
    }

    @Test
    void absurdlyLongDurationsDoNotOverflow() {
        WaitingRoom room = room(b -> b.deadline(ChronoUnit.FOREVER.getDuration())
                .rememberOwnersFor(ChronoUnit.FOREVER.getDuration()));

        assertThat(served(room.submit(seat(1), user("ann")))).isEqualTo(TestResults.booked(seat(1), user("ann")));
        assertThat(served(room.submit(seat(1), user("bob")))).isEqualTo(new BookingResult.Taken(seat(1)));
        assertThat(repository.tryBookCalls()).isEqualTo(1);
        assertThat(room.shutdown(ChronoUnit.FOREVER.getDuration())).isTrue();
    }

    @Test
    void missingArgumentsAreRejectedNamingTheField() {
        WaitingRoom room = room(b -> b);
        assertThatIllegalArgumentException().isThrownBy(() -> room.submit(null, user("ann")))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.submit(seat(1), null))
                .withMessage("user must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.submitAndWait(null, user("ann")))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.forget(null))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.shutdown(null))
                .withMessage("grace must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.shutdown(Duration.ofSeconds(-1)))
                .withMessageStartingWith("grace must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> room.awaitTermination(null))
                .withMessage("timeout must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.asRepository().tryBook(null, user("ann")))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> room.asRepository().tryBook(seat(1), null))
                .withMessage("user must not be null");
        // nothing was counted or sent on
        assertThat(room.stats().submitted()).isZero();
        assertThat(repository.calls()).isEmpty();
    }

    @Test
    void resultAndStatsRecordsValidateTheirArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomResult.Served(null))
                .withMessage("result must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomResult.Busy(null))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomResult.TimedOut(null))
                .withMessage("seat must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomResult.Closed(null))
                .withMessage("seat must not be null");
        assertThat(new WaitingRoomResult.Served(new BookingResult.Taken(seat(3))).seat()).isEqualTo(seat(3));

        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomStats(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .withMessageStartingWith("queueDepth");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomStats(0, 0, 0, 0, 0, -1, 0, 0, 0, 0))
                .withMessageStartingWith("repositoryCalls");
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingRoomStats(0, 0, 2, 1, 2, 0, 0, 0, 0, 0))
                .withMessageStartingWith("shortCircuited");
        assertThat(new WaitingRoomStats(1, 0, 10, 4, 2, 3, 2, 1, 1, 1).answered()).isEqualTo(9);
    }
}
