package dev.booking.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.booking.core.BookingException.Failure;
import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.mongo.testsupport.InProcessMongo;
import dev.booking.tck.Race;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server that goes away, or never answers, makes every call fail with a classified
 * {@link BookingException} carrying the driver's exception, within the client's (short) limits.
 * The class-wide {@link Timeout} is a guard against hanging, not a measurement.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnreachableServerTest {

    private static final UserId SECRET_USER = UserId.of("secret-user-4711");
    private static final String SECRET_SEAT = "seat-secret-0815";

    /** Short limits, so that a missing server is noticed in seconds rather than the default 30 s or 2 min. */
    private static final Consumer<MongoClientSettings.Builder> SHORT_TIMEOUTS = settings -> settings
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
            .applyToSocketSettings(socket -> socket.connectTimeout(1, TimeUnit.SECONDS).readTimeout(3, TimeUnit.SECONDS))
            .applyToConnectionPoolSettings(pool -> pool.maxWaitTime(3, TimeUnit.SECONDS))
            .applyToServerSettings(server -> server.heartbeatFrequency(500, TimeUnit.MILLISECONDS));

    @Test
    void aStoppedServerMakesEveryOperationFailWithAClassifiedBookingException() {
        try (InProcessMongo mongo = InProcessMongo.start(SHORT_TIMEOUTS)) {
            MongoSeatRepository repository = MongoSeatRepository.builder(mongo.client()).build();
            ShowId show = ShowId.of("unreachable-" + System.nanoTime());
            SeatId seat = show.seat(SECRET_SEAT);
            repository.addSeats(show, List.of(SECRET_SEAT, "B1"));
            assertThat(repository.tryBook(show.seat("B1"), SECRET_USER)).isInstanceOf(BookingResult.Booked.class);

            mongo.stopServer();

            Map<String, ThrowingCallable> operations = Map.of(
                    "tryBook", () -> repository.tryBook(seat, SECRET_USER),
                    "addSeats", () -> repository.addSeats(show, List.of(SECRET_SEAT, "C1")),
                    "findSeat", () -> repository.findSeat(seat),
                    "listSeats", () -> repository.listSeats(show),
                    "createIndexes", repository::createIndexes,
                    "claim", () -> repository.claim(ClaimRequest.book(show, SECRET_USER, SECRET_SEAT, "B1")),
                    "confirm", () -> repository.confirm(BookingReference.of(SECRET_SEAT), SECRET_USER),
                    "release by reference", () -> repository.release(BookingReference.of(SECRET_SEAT), SECRET_USER),
                    "sweepExpiredHolds", () -> repository.sweepExpiredHolds(10),
                    "release by seat", () -> repository.release(seat, SECRET_USER));
            operations.forEach((name, operation) -> assertThatThrownBy(operation).as(name)
                    .isInstanceOfSatisfying(BookingException.class, e -> {
                        assertThat(e.failure()).as("%s: %s", name, e).isIn(Failure.CONNECTION, Failure.TIMEOUT);
                        assertThat(e.failure().isTransient()).isTrue();
                        assertThat(e.getCause()).isInstanceOf(MongoException.class);
                        // the message names the operation (the label's first word), never the identifiers
                        assertThat(e.getMessage()).contains(name.split(" ")[0] + " on")
                                .doesNotContain(SECRET_USER.value(), SECRET_SEAT);
                    }));

            // invalid input is still the caller's mistake, reported before anything is sent
            assertThatIllegalArgumentException().isThrownBy(() -> repository.tryBook(null, SECRET_USER))
                    .withMessageContaining("seat");
            assertThatIllegalArgumentException().isThrownBy(() -> repository.addSeats(show, List.of("bad\u0000seat")))
                    .withMessageContaining("seat");
        }
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws IOException {
        // a socket that listens but never accepts: connections hang in the handshake, no server is ever selected
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            MongoClientSettings.Builder settings = MongoClientSettings.builder()
                    .applyToClusterSettings(cluster -> cluster.hosts(List.of(
                            new com.mongodb.ServerAddress(address.getHostString(), address.getPort()))));
            SHORT_TIMEOUTS.accept(settings);
            try (MongoClient client = MongoClients.create(settings.build())) {
                MongoSeatRepository repository = MongoSeatRepository.builder(client).build();
                assertThatThrownBy(() -> repository.tryBook(SeatId.of("show", "A1"), SECRET_USER))
                        .isInstanceOfSatisfying(BookingException.class, e -> {
                            assertThat(e.failure()).isEqualTo(Failure.TIMEOUT);
                            assertThat(e.getCause()).isInstanceOf(MongoTimeoutException.class);
                        });
            }
        }
    }

    @Test
    void racersCaughtByAStoppingServerGetAnAnswerOrABookingExceptionNothingElse() {
        try (InProcessMongo mongo = InProcessMongo.start(SHORT_TIMEOUTS)) {
            MongoSeatRepository repository = MongoSeatRepository.builder(mongo.client()).build();
            ShowId show = ShowId.of("stopping-" + System.nanoTime());
            List<String> numbers = List.of("A1", "A2", "A3", "A4");
            repository.addSeats(show, numbers);
            int callers = 201;

            // caller 0 stops the server as the gate opens; the others book
            List<Race.Attempt<BookingResult>> attempts = Race.run(callers, caller -> caller == 0
                    ? () -> {
                        mongo.stopServer();
                        return null;
                    }
                    : () -> repository.tryBook(show.seat(numbers.get(caller % numbers.size())),
                            UserId.of("user-" + caller)), Duration.ofMinutes(1));

            assertThat(attempts.get(0).failure()).isNull();
            for (Race.Attempt<BookingResult> attempt : attempts.subList(1, callers)) {
                if (attempt.failure() == null) {
                    assertThat(attempt.value()).isInstanceOfAny(BookingResult.Booked.class, BookingResult.Taken.class);
                } else {
                    assertThat(attempt.failure()).isInstanceOfSatisfying(BookingException.class, e -> {
                        assertThat(e.failure().isTransient()).as("%s", e).isTrue();
                        assertThat(e.getCause()).isInstanceOf(MongoException.class);
                    });
                }
            }
            Map<SeatId, Long> winnersPerSeat = attempts.subList(1, callers).stream().map(Race.Attempt::value)
                    .filter(r -> r instanceof BookingResult.Booked)
                    .collect(Collectors.groupingBy(BookingResult::seat, Collectors.counting()));
            assertThat(winnersPerSeat.values()).as("winners per seat, even while the server dies")
                    .allSatisfy(count -> assertThat(count).isEqualTo(1L));
        }
    }
}
